/** Chat and the tool loop through the real SDK against the fake Bedrock runtime. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createConverseClient } from "../../../src/bedrock/clients/converse-client.ts";
import { createBedrockClients, type BedrockClients } from "../../../src/bedrock/clients/create-bedrock-clients.ts";
import { buildContentBlocks } from "../../../src/bedrock/content/build-content-blocks.ts";
import { converse } from "../../../src/bedrock/converse/converse.ts";
import { createCalculatorTool } from "../../../src/bedrock/tools/builtin/calculator.ts";
import { runToolLoop } from "../../../src/bedrock/tools/run-tool-loop.ts";
import { defineTool, ToolRegistry } from "../../../src/bedrock/tools/tool-registry.ts";
import { startFakeBedrock, type FakeBedrock } from "../../fakes/bedrock/index.ts";
import { collect, testModel } from "../fake-converse-client.ts";
import { PDF_BYTES, PNG_BYTES } from "../read-fixture.ts";
import { fakeProvider } from "./fake-provider.ts";

let fake: FakeBedrock;
let clients: BedrockClients;

beforeAll(async () => {
  fake = await startFakeBedrock();
  clients = createBedrockClients(fakeProvider(fake.url));
});
afterAll(async () => {
  clients.destroy();
  await fake.close();
});
beforeEach(() => fake.reset());

const model = testModel();
const ask = (text: string) => [{ role: "user" as const, content: [{ text }] }];
const textOf = (events: { type: string; delta?: string }[]) => events.flatMap((event) => (event.type === "text" ? [event.delta] : [])).join("");

describe("chat through the SDK", () => {
  it.each([false, true])("GIVEN a question (stream=%s) WHEN converse runs THEN the answer, usage and stop arrive as our events", async (stream) => {
    const { events, result } = await collect(converse(createConverseClient(clients.runtime), { model, messages: ask("Hi there"), stream }));

    expect(textOf(events)).toEqual("echo: Hi there");
    expect(events.filter((event) => event.type !== "text")).toEqual([
      { type: "usage", ...result.usage, costUsd: result.costUsd, costKnown: true, cacheSavedUsd: 0 },
      { type: "stop", stopReason: "end_turn" },
    ]);
    expect(result.message).toEqual({ role: "assistant", content: [{ text: "echo: Hi there" }] });
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(fake.requests.map((request) => [request.operation, request.modelId])).toEqual([[stream ? "ConverseStream" : "Converse", model.model_identifier]]);
    expect(fake.requests[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE\//);
  });

  it("GIVEN a Bedrock API key WHEN converse runs THEN the runtime call carries it as a bearer token", async () => {
    const bearer = createBedrockClients(fakeProvider(fake.url, { api_key: "ABSKfakebedrockkey", api_key_type: "bedrock" }));
    try {
      await collect(converse(createConverseClient(bearer.runtime), { model, messages: ask("Hi"), stream: false }));
    } finally {
      bearer.destroy();
    }

    expect(fake.requests[0]?.headers.authorization).toEqual("Bearer ABSKfakebedrockkey");
  });

  it("GIVEN an image and a PDF WHEN built and sent THEN they reach the model as image and document blocks", async () => {
    const built = await buildContentBlocks("", [
      { filename: "photo.jpg", bytes: PNG_BYTES },
      { filename: "Q3_report.pdf", bytes: PDF_BYTES },
    ]);

    const { events } = await collect(converse(createConverseClient(clients.runtime), { model, messages: [{ role: "user", content: built.value }] }));

    expect(textOf(events)).toEqual(
      `echo: [image png ${PNG_BYTES.length} bytes] [document pdf "Q3 report" ${PDF_BYTES.length} bytes] Please read the attached document(s).`,
    );
    const sent = fake.requests[0]?.body.messages[0].content;
    expect(sent[0]).toEqual({ image: { format: "png", source: { bytes: Buffer.from(PNG_BYTES).toString("base64") } } });
    expect(sent[1].document).toMatchObject({ format: "pdf", name: "Q3 report" });
  });
});

describe("tool loop through the SDK", () => {
  const weather = defineTool({
    name: "weather",
    description: "Weather for a city.",
    inputSchema: z.object({ city: z.string() }),
    run: () => {
      throw new Error("weather service unreachable");
    },
  });

  it.each([false, true])("GIVEN two tool calls, one failing (stream=%s) WHEN looped THEN both results go back and the model answers", async (stream) => {
    fake.script("*", {
      text: "Let me check.",
      toolUses: [
        { name: "calculator", input: { expression: "(17 + 4) * 3" }, toolUseId: "tooluse_calc" },
        { name: "weather", input: { city: "Paris" }, toolUseId: "tooluse_wx" },
      ],
    });
    const registry = new ToolRegistry([createCalculatorTool(), weather]);

    const { events, result } = await collect(runToolLoop(createConverseClient(clients.runtime), { model, messages: ask("Math and weather?"), registry, maxRounds: 3, stream }));

    expect(events.filter((event) => event.type === "toolCall" || event.type === "toolResult" || event.type === "stop")).toEqual([
      { type: "toolCall", toolUseId: "tooluse_calc", name: "calculator", input: { expression: "(17 + 4) * 3" } },
      { type: "toolCall", toolUseId: "tooluse_wx", name: "weather", input: { city: "Paris" } },
      { type: "toolResult", toolUseId: "tooluse_calc", name: "calculator", status: "success", output: "63" },
      { type: "toolResult", toolUseId: "tooluse_wx", name: "weather", status: "error", output: "weather failed: weather service unreachable" },
      { type: "stop", stopReason: "end_turn" },
    ]);
    // The fake echoes tool results back: proof they arrived as toolResult blocks answering the right ids.
    expect(result.text).toEqual("Let me check.\n\ntool results: [calculator] 63 [weather] error: weather failed: weather service unreachable");
    expect(result.modelCalls).toEqual(2);
    expect(fake.requests[0]?.body.toolConfig.tools.map((tool: { toolSpec: { name: string } }) => tool.toolSpec.name)).toEqual(["calculator", "weather"]);
  });
});
