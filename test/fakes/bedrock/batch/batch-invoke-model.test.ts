import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBatchModel } from "./batch-models.ts";
import { createJob, outputLines, putObject, readOutputs, startBatchKit, toJsonl } from "./batch-test-kit.ts";
import type { BatchKit } from "./batch-test-kit.ts";
import { runBatchRecord } from "./run-batch-record.ts";
import type { RecordOutcome } from "./record-outcome.ts";

const TITAN_V2 = "amazon.titan-embed-text-v2:0";

/** Runs one InvokeModel-type record on `modelId` (no S3 media). */
function run(modelId: string, modelInput: Record<string, unknown>): RecordOutcome {
  return runBatchRecord({ modelId, model: findBatchModel(modelId)!, invocationType: "InvokeModel", modelInput, media: [], mediaExists: () => false });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- model-specific wire JSON, asserted on loosely
function output(outcome: RecordOutcome): any {
  if (outcome.kind !== "output") throw new Error(`expected an output, got ${JSON.stringify(outcome)}`);
  return outcome.modelOutput;
}

describe("InvokeModel-type jobs through the fake (Titan Text Embeddings V2)", () => {
  let kit: BatchKit;
  beforeAll(async () => {
    kit = await startBatchKit();
  });
  afterAll(async () => {
    await kit.close();
  });

  it("GIVEN embedding records WHEN the job completes THEN each line has a deterministic unit vector of `dimensions` floats", async () => {
    const texts = ["red cotton t-shirt", "blue denim jeans", "red cotton t-shirt", "green wool hat"];
    const records = texts.map((inputText, index) => ({ recordId: `EMB${index}`, modelInput: { inputText, dimensions: 256, normalize: true } }));
    await putObject(kit, "in/embed/records.jsonl", toJsonl(records));
    const arn = await createJob(kit, { jobName: "embed", modelId: TITAN_V2, modelInvocationType: "InvokeModel", inputKey: "in/embed/" });
    await kit.fake.batch.settle();

    const job = kit.fake.batch.job(arn)!;
    const outputs = await readOutputs(kit, job.outputPrefix);
    const byId = Object.fromEntries(outputLines(outputs["records.jsonl.out"]).map((line) => [line.recordId, line.modelOutput]));
    expect(job.status).toBe("Completed");
    expect(byId.EMB0.embedding).toHaveLength(256);
    expect(Math.hypot(...(byId.EMB0.embedding as number[]))).toBeCloseTo(1, 4);
    expect(byId.EMB2.embedding).toEqual(byId.EMB0.embedding);
    expect(byId.EMB1.embedding).not.toEqual(byId.EMB0.embedding);
    expect(byId.EMB0.inputTextTokenCount).toBe(5);
    expect(JSON.parse(outputs["manifest.json.out"]!)).toMatchObject({ inputTokenCount: 5 + 4 + 5 + 4, outputTokenCount: 0 });
  });
});

describe("runBatchRecord native bodies", () => {
  it("GIVEN a Claude messages body with an image WHEN run THEN an Anthropic messages response", () => {
    const modelOutput = output(
      run("anthropic.claude-3-5-haiku-20241022-v1:0", {
        anthropic_version: "bedrock-2023-05-31",
        max_tokens: 300,
        system: "You describe product photos.",
        messages: [{ role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } }, { type: "text", text: "Describe" }] }],
      }),
    );

    expect(modelOutput).toEqual({
      id: expect.stringMatching(/^msg_bdrk_[0-9a-f]{24}$/),
      type: "message",
      role: "assistant",
      model: "claude-3-5-haiku-20241022",
      content: [{ type: "text", text: "echo: [image png 8 bytes] Describe" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
    });
  });

  it.each([
    ["no max_tokens", { anthropic_version: "bedrock-2023-05-31", messages: [] }, "max_tokens: Field required"],
    ["an extra key", { anthropic_version: "bedrock-2023-05-31", max_tokens: 5, messages: [], foo: 1 }, "foo: Extra inputs are not permitted"],
    ["a wrong version", { anthropic_version: "2023-06-01", max_tokens: 5, messages: [] }, "anthropic_version: Input should be 'bedrock-2023-05-31'"],
  ])("GIVEN a Claude body with %s WHEN run THEN a 400 record error", (_label, body, message) => {
    expect(run("anthropic.claude-3-5-haiku-20241022-v1:0", body)).toEqual({ kind: "error", error: { errorCode: 400, errorMessage: message } });
  });

  it("GIVEN temperature and top_p together WHEN run on Claude Sonnet 4.5 THEN refused, and accepted on Claude 3.5", () => {
    const body = { anthropic_version: "bedrock-2023-05-31", max_tokens: 5, temperature: 0.5, top_p: 0.9, messages: [{ role: "user", content: "hi" }] };

    expect(run("us.anthropic.claude-sonnet-4-5-20250929-v1:0", body).kind).toBe("error");
    expect(run("anthropic.claude-3-5-sonnet-20240620-v1:0", body).kind).toBe("output");
  });

  it("GIVEN a Nova messages-v1 body WHEN run THEN the Nova response shape", () => {
    const modelOutput = output(
      run("amazon.nova-lite-v1:0", {
        schemaVersion: "messages-v1",
        system: [{ text: "Answer briefly." }],
        messages: [{ role: "user", content: [{ text: "Translate to French: good morning" }] }],
        inferenceConfig: { maxTokens: 64, temperature: 0.2, topK: 20 },
      }),
    );

    expect(modelOutput).toEqual({
      output: { message: { role: "assistant", content: [{ text: "echo: Translate to French: good morning" }] } },
      stopReason: "end_turn",
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number), totalTokens: expect.any(Number) },
    });
  });

  it("GIVEN Llama and Mistral prompt bodies WHEN run THEN their native responses, max tokens honoured", () => {
    expect(output(run("meta.llama3-1-8b-instruct-v1:0", { prompt: "Say hello", max_gen_len: 100 }))).toEqual({
      generation: "echo: Say hello",
      prompt_token_count: 3,
      generation_token_count: 4,
      stop_reason: "stop",
    });
    expect(output(run("mistral.mistral-large-2407-v1:0", { prompt: "<s>[INST] a long question [/INST]", max_tokens: 2 }))).toEqual({
      outputs: [{ text: "echo: <s", stop_reason: "length" }],
    });
  });

  it("GIVEN Titan Multimodal G1 with text and image WHEN run THEN an embedding of outputEmbeddingLength", () => {
    const modelOutput = output(run("amazon.titan-embed-image-v1", { inputText: "a red shirt", inputImage: "iVBORw0KGgo=", embeddingConfig: { outputEmbeddingLength: 384 } }));

    expect(modelOutput.embedding).toHaveLength(384);
    expect(modelOutput.inputTextTokenCount).toBe(3);
  });

  it.each([
    [TITAN_V2, { inputText: "x", dimensions: 300 }, "Malformed input request: #/dimensions: 300 is not a valid enum value, please reformat your input and try again."],
    [TITAN_V2, { text: "x" }, "Malformed input request: #: extraneous key [text] is not permitted, please reformat your input and try again."],
    ["amazon.titan-embed-image-v1", {}, "Malformed input request: #: at least one of [inputText, inputImage] is required, please reformat your input and try again."],
    ["amazon.nova-pro-v1:0", { schemaVersion: "messages-v1" }, "Malformed input request: #: required key [messages] not found, please reformat your input and try again."],
  ])("GIVEN a bad %s body WHEN run THEN a Malformed input request error", (modelId, body, message) => {
    expect(run(modelId, body)).toEqual({ kind: "error", error: { errorCode: 400, errorMessage: message } });
  });
});
