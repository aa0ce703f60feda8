import { ConverseCommand, ConverseStreamCommand, ValidationException } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClient, ContentBlock, ConverseCommandInput, Message, Tool } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import type { FakeBedrock } from "./index.ts";
import { caught, postHttp2, useFakeBedrockRuntime } from "./fake-bedrock-test-kit.ts";

const MODEL = "amazon.nova-pro-v1:0";
const MB = 1024 * 1024;

let fake: FakeBedrock;
let client: BedrockRuntimeClient;

useFakeBedrockRuntime((started) => ({ fake, client } = started), { maxAttempts: 1 });

const text = (value: string): ContentBlock => ({ text: value });
const image = (bytes: number, format = "png"): ContentBlock => ({ image: { format: format as "png", source: { bytes: new Uint8Array(bytes) } } });
const documentBlock = (name: string, bytes = 10, format = "pdf"): ContentBlock => ({ document: { name, format: format as "pdf", source: { bytes: new Uint8Array(bytes) } } });
const user = (...content: ContentBlock[]): Message => ({ role: "user", content });
const assistant = (...content: ContentBlock[]): Message => ({ role: "assistant", content });
const tool = (name: string): Tool => ({ toolSpec: { name, inputSchema: { json: { type: "object" } } } });
const toolUse = (toolUseId: string): ContentBlock => ({ toolUse: { toolUseId, name: "calc", input: {} } });
const toolResult = (toolUseId: string): ContentBlock => ({ toolResult: { toolUseId, content: [{ text: "1" }] } });
const tools = { toolConfig: { tools: [tool("calc")] } };

type Case = [rule: string, input: Omit<ConverseCommandInput, "modelId">, message: RegExp];

const invalidRequests: Case[] = [
  ["no messages", { messages: [] }, /must start with a user message/],
  ["first message from the assistant", { messages: [assistant(text("hi")), user(text("hi"))] }, /must start with a user message/],
  ["two user turns in a row", { messages: [user(text("a")), user(text("b"))] }, /must alternate between user and assistant/],
  ["empty content", { messages: [user()] }, /content field in the Message object at messages\.0 is empty/],
  ["empty text block", { messages: [user(text(""))] }, /text field in the ContentBlock object at messages\.0\.content\.0 is blank/],
  ["blank system text", { messages: [user(text("a"))], system: [{ text: " " }] }, /at system\.0 is blank/],
  ["toolResult without a toolUse before it", { messages: [user(text("a")), assistant(text("b")), user(toolResult("t1"))], ...tools }, /number of toolResult blocks at messages\.2\.content exceeds/],
  ["toolResult answering an unknown id", { messages: [user(text("a")), assistant(toolUse("t1")), user(toolResult("t2"))], ...tools }, /Expected toolResult blocks at messages\.2\.content for the following Ids: t1/],
  ["a toolUse left unanswered", { messages: [user(text("a")), assistant(toolUse("t1"), toolUse("t2")), user(toolResult("t1"))], ...tools }, /following Ids: t2$/],
  ["tool blocks without toolConfig", { messages: [user(text("a")), assistant(toolUse("t1")), user(toolResult("t1"))] }, /toolConfig field must be defined/],
  ["image in an assistant message", { messages: [user(text("a")), assistant(image(10))] }, /image content block at messages\.1\.content\.0 is not allowed in an assistant message/],
  ["document in an assistant message", { messages: [user(text("a")), assistant(documentBlock("x"), text("b"))] }, /document content block .* not allowed in an assistant message/],
  ["21 images", { messages: [user(text("a"), ...Array.from({ length: 21 }, () => image(10)))] }, /Too many images .* 21 .* maximum is 20/],
  ["an image over 3.75 MB", { messages: [user(text("a"), image(3.75 * MB + 1))] }, /image at messages\.0\.content\.1\.image\.source\.bytes is 3932161 bytes, which exceeds the maximum of 3932160/],
  ["an unknown image format", { messages: [user(image(10, "bmp"))] }, /Value 'bmp' at 'messages\.1\.member\.content\.1\.member\.image\.format' failed to satisfy constraint: Member must satisfy enum value set: \[gif, jpeg, png, webp\]/],
  ["6 documents", { messages: [user(text("a"), ...Array.from({ length: 6 }, (_, i) => documentBlock(`doc ${i}`)))] }, /Too many documents .* 6 .* maximum is 5/],
  ["a document over 4.5 MB", { messages: [user(text("a"), documentBlock("big", 4.5 * MB + 1))] }, /document at .* exceeds the maximum of 4718592 bytes/],
  ["a document without a text block", { messages: [user(documentBlock("report"))] }, /contains a document but no text block/],
  ["a document name with a dot", { messages: [user(text("a"), documentBlock("report.pdf"))] }, /format of the value at messages\.0\.content\.1\.document\.name is invalid/],
  ["a document name with two spaces", { messages: [user(text("a"), documentBlock("my  report"))] }, /document\.name is invalid/],
  ["a document name over 200 chars", { messages: [user(text("a"), documentBlock("a".repeat(201)))] }, /document\.name is invalid/],
  ["an unknown document format", { messages: [user(text("a"), documentBlock("x", 10, "exe"))] }, /enum value set: \[csv, doc, docx, html, md, pdf, txt, xls, xlsx\]/],
  ["a tool name with a space", { messages: [user(text("a"))], toolConfig: { tools: [tool("get weather")] } }, /Value 'get weather' at 'toolConfig\.tools\.1\.member\.toolSpec\.name' failed to satisfy constraint/],
  ["a tool name of 65 chars", { messages: [user(text("a"))], toolConfig: { tools: [tool("t".repeat(65))] } }, /toolSpec\.name' failed to satisfy constraint/],
  ["a tool whose input schema is not an object schema", { messages: [user(text("a"))], toolConfig: { tools: [{ toolSpec: { name: "t", inputSchema: { json: { type: "string" } } } }] } }, /inputSchema\.json\.type' failed to satisfy constraint: Member must be one of the following: object/],
  ["a tool without inputSchema.json", { messages: [user(text("a"))], toolConfig: { tools: [{ toolSpec: { name: "t", inputSchema: {} as never } }] } }, /inputSchema: exactly one member of \[json\]/],
  ["no tools in toolConfig", { messages: [user(text("a"))], toolConfig: { tools: [] } }, /at 'toolConfig\.tools' failed to satisfy constraint: Member must have length greater than or equal to 1/],
  ["toolChoice naming an undefined tool", { messages: [user(text("a"))], toolConfig: { tools: [tool("calc")], toolChoice: { tool: { name: "other" } } } }, /tool other in toolConfig\.toolChoice is not defined/],
  ["temperature above 1", { messages: [user(text("a"))], inferenceConfig: { temperature: 1.5 } }, /Value '1\.5' at 'inferenceConfig\.temperature' failed to satisfy constraint: Member must have value less than or equal to 1/],
  ["negative topP", { messages: [user(text("a"))], inferenceConfig: { topP: -0.1 } }, /at 'inferenceConfig\.topP' failed to satisfy constraint: Member must have value greater than or equal to 0/],
  ["maxTokens 0", { messages: [user(text("a"))], inferenceConfig: { maxTokens: 0 } }, /Value '0' at 'inferenceConfig\.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1/],
];

describe("request validation through the real client", () => {
  it.each(invalidRequests)("GIVEN %s WHEN Converse is called THEN a ValidationException (400) explains it", async (_rule, input, message) => {
    const error = await caught(() => client.send(new ConverseCommand({ modelId: MODEL, ...input })));

    expect(error).toBeInstanceOf(ValidationException);
    expect(error.name).toBe("ValidationException");
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toMatch(message);
  });

  it("GIVEN an invalid request WHEN ConverseStream is called THEN the same ValidationException comes before any event", async () => {
    const error = await caught(() => client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [user(text("a")), user(text("b"))] })));

    expect(error).toBeInstanceOf(ValidationException);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it("GIVEN a valid request using every allowed block WHEN Converse is called THEN it is accepted", async () => {
    const response = await client.send(
      new ConverseCommand({
        modelId: MODEL,
        system: [{ text: "be brief" }, { cachePoint: { type: "default" } }],
        messages: [
          user(text("look"), image(3.75 * MB), documentBlock("Report (v2) [final]", 4.5 * MB), { video: { format: "mp4", source: { s3Location: { uri: "s3://b/v.mp4" } } } }),
          assistant({ reasoningContent: { reasoningText: { text: "hm", signature: "sig" } } }, text("calling"), toolUse("t1"), toolUse("t2")),
          user(toolResult("t2"), { toolResult: { toolUseId: "t1", status: "error", content: [{ json: { error: "boom" } }] } }),
        ],
        toolConfig: { tools: [tool("calc"), tool("get-weather_2")], toolChoice: { auto: {} } },
        inferenceConfig: { maxTokens: 1, temperature: 0, topP: 1, stopSequences: ["END"] },
      }),
    );

    expect(response.$metadata.httpStatusCode).toBe(200);
  });
});

describe("body rules the SDK cannot break (raw HTTP/2)", () => {
  const bearer = { authorization: "Bearer fake-api-key" };
  const path = `/model/${encodeURIComponent(MODEL)}/converse`;

  it("GIVEN modelId inside the body WHEN posted THEN 400 ValidationException in AWS's wire style", async () => {
    const response = await postHttp2(fake.url, path, JSON.stringify({ modelId: MODEL, messages: [user(text("a"))] }), bearer);

    expect(response.status).toBe(400);
    expect(response.headers["x-amzn-errortype"]).toMatch(/^ValidationException:/);
    expect(response.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(response.body)).toEqual({ message: "Malformed input request: #: extraneous key [modelId] is not permitted, please reformat your input and try again." });
  });

  it("GIVEN an unknown top-level field WHEN posted THEN it is rejected", async () => {
    const response = await postHttp2(fake.url, path, JSON.stringify({ messages: [user(text("a"))], temperature: 0.5 }), bearer);

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).message).toContain("extraneous key [temperature]");
  });

  it("GIVEN a body that is not JSON WHEN posted THEN 400 SerializationException", async () => {
    const response = await postHttp2(fake.url, path, "{not json", bearer);

    expect(response.status).toBe(400);
    expect(response.headers["x-amzn-errortype"]).toMatch(/^SerializationException/);
  });
});
