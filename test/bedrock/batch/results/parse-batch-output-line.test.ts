import { describe, expect, it } from "vitest";
import { parseBatchOutputLine } from "../../../../src/bedrock/batch/results/parse-batch-output-line.ts";
import { scanOutputLine } from "../../../../src/bedrock/batch/results/scan-output-line.ts";
import { fixtureLines } from "./fixture-lines.ts";

describe("parseBatchOutputLine on the fixtures", () => {
  it("GIVEN a Converse-type job output WHEN parsed THEN successes carry text, stop reason and usage, errors their code", () => {
    expect(fixtureLines("batch-converse.jsonl.out").map((line) => parseBatchOutputLine(line))).toEqual([
      {
        recordId: "R0000000002",
        status: "succeeded",
        output: {
          kind: "text",
          family: "converse",
          text: "Revenue grew 12% this quarter.",
          stopReason: "end_turn",
          usage: { inputTokens: 18, outputTokens: 8 },
        },
      },
      {
        recordId: "R0000000000",
        status: "succeeded",
        output: { kind: "text", family: "converse", text: "Delays eased in March.", stopReason: "end_turn", usage: { inputTokens: 14, outputTokens: 6 } },
      },
      {
        recordId: "R0000000001",
        status: "failed",
        error: {
          errorCode: 400,
          errorMessage: "Malformed input request: text content blocks must be non-empty, please reformat your input and try again.",
        },
      },
    ]);
  });

  it("GIVEN a Claude InvokeModel job output WHEN parsed THEN content text, stop_reason and usage are read", () => {
    expect(fixtureLines("batch-claude-invokemodel.jsonl.out").map((line) => parseBatchOutputLine(line))).toEqual([
      {
        recordId: "IMG0000001",
        status: "succeeded",
        output: { kind: "text", family: "claude", text: "A small red square swatch.", stopReason: "end_turn", usage: { inputTokens: 412, outputTokens: 9 } },
      },
      {
        recordId: "IMG0000000",
        status: "failed",
        error: { errorCode: 400, errorMessage: "messages.0.content.0.image.source.base64: image exceeds 5 MB maximum" },
      },
    ]);
  });

  it("GIVEN a Nova InvokeModel job output WHEN parsed THEN it reads like a Converse response", () => {
    expect(fixtureLines("batch-nova-invokemodel.jsonl.out").map((line) => parseBatchOutputLine(line))).toEqual([
      {
        recordId: "TXT0000001",
        status: "succeeded",
        output: { kind: "text", family: "converse", text: "Bonjour", stopReason: "end_turn", usage: { inputTokens: 12, outputTokens: 3 } },
      },
      {
        recordId: "TXT0000000",
        status: "succeeded",
        output: { kind: "text", family: "converse", text: "Merci", stopReason: "end_turn", usage: { inputTokens: 9, outputTokens: 2 } },
      },
    ]);
  });

  it("GIVEN a Titan Text Embeddings V2 output WHEN parsed THEN the vector and input tokens are read", () => {
    expect(fixtureLines("batch-titan-embed-v2.jsonl.out").map((line) => parseBatchOutputLine(line))).toEqual([
      {
        recordId: "EMB0000001",
        status: "succeeded",
        output: {
          kind: "embedding",
          family: "titan-embedding",
          vector: [0.0213, -0.1147, 0.0562, 0.0031, -0.0729, 0.1402, -0.0088, 0.0645],
          usage: { inputTokens: 5, outputTokens: 0 },
        },
      },
      {
        recordId: "EMB0000000",
        status: "succeeded",
        output: {
          kind: "embedding",
          family: "titan-embedding",
          vector: [-0.0412, 0.0876, 0.0119, -0.1333, 0.0504, 0.0021, 0.0987, -0.0265],
          usage: { inputTokens: 4, outputTokens: 0 },
        },
      },
    ]);
  });

  it("GIVEN a line as bytes WHEN parsed THEN the result is the same as from a string", () => {
    const line = fixtureLines("batch-converse.jsonl.out")[0] ?? "";
    expect(parseBatchOutputLine(new TextEncoder().encode(line))).toEqual(parseBatchOutputLine(line));
  });
});

describe("parseBatchOutputLine on other families", () => {
  const line = (modelOutput: unknown): string => JSON.stringify({ recordId: "R1", modelInput: { prompt: "hi" }, modelOutput });

  it("GIVEN a Llama output WHEN parsed THEN generation, stop_reason and token counts are read", () => {
    expect(parseBatchOutputLine(line({ generation: "Hello!", prompt_token_count: 7, generation_token_count: 3, stop_reason: "stop" }))).toEqual({
      recordId: "R1",
      status: "succeeded",
      output: { kind: "text", family: "llama", text: "Hello!", stopReason: "stop", usage: { inputTokens: 7, outputTokens: 3 } },
    });
  });

  it("GIVEN a Mistral text completion WHEN parsed THEN outputs[0] is the answer, without usage", () => {
    expect(parseBatchOutputLine(line({ outputs: [{ text: " Bonjour", stop_reason: "length" }, { text: "ignored" }] }))).toEqual({
      recordId: "R1",
      status: "succeeded",
      output: { kind: "text", family: "mistral", text: " Bonjour", stopReason: "length" },
    });
  });

  it("GIVEN a Mistral Large 2 chat completion WHEN parsed THEN choices[0].message.content and usage are read", () => {
    const modelOutput = {
      choices: [{ index: 0, message: { role: "assistant", content: "Salut" }, stop_reason: "stop" }],
      usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
    };
    expect(parseBatchOutputLine(line(modelOutput))).toEqual({
      recordId: "R1",
      status: "succeeded",
      output: { kind: "text", family: "mistral", text: "Salut", stopReason: "stop", usage: { inputTokens: 5, outputTokens: 2 } },
    });
  });

  it("GIVEN Titan Multimodal G1 and V2 embeddingsByType WHEN parsed THEN both give a vector", () => {
    expect(parseBatchOutputLine(line({ embedding: [0.5, -1], inputTextTokenCount: 2 }))).toMatchObject({ output: { vector: [0.5, -1] } });
    expect(parseBatchOutputLine(line({ embeddingsByType: { float: [1, 2] }, inputTextTokenCount: 1 }))).toMatchObject({ output: { vector: [1, 2] } });
  });

  it("GIVEN Converse output with reasoning and several text blocks WHEN parsed THEN text is joined and the reasoning kept apart", () => {
    const modelOutput = {
      output: { message: { role: "assistant", content: [{ reasoningContent: { reasoningText: { text: "hmm" } } }, { text: "A" }, { text: "B" }] } },
      stopReason: "max_tokens",
    };
    expect(parseBatchOutputLine(line(modelOutput))).toEqual({
      recordId: "R1",
      status: "succeeded",
      output: { kind: "text", family: "converse", text: "AB", reasoning: "hmm", stopReason: "max_tokens" },
    });
  });

  it("GIVEN Claude output with thinking and text blocks WHEN parsed THEN only text blocks are the answer", () => {
    const modelOutput = { content: [{ type: "thinking", thinking: "x" }, { type: "text", text: "Yes." }], stop_reason: "end_turn" };
    expect(parseBatchOutputLine(line(modelOutput))).toMatchObject({ output: { family: "claude", text: "Yes." } });
  });

  it("GIVEN a modelOutput of no known family WHEN parsed THEN the record fails with unrecognized_output, naming the keys", () => {
    expect(parseBatchOutputLine(line({ foo: 1, bar: 2 }))).toEqual({
      recordId: "R1",
      status: "failed",
      error: {
        errorCode: "unrecognized_output",
        errorMessage:
          "modelOutput of no known model family (keys foo, bar): the record was answered (and billed) but this bot cannot read the answer; the raw output is in the job's .jsonl.out file",
      },
    });
  });

  it("GIVEN a known family with a broken body WHEN parsed THEN the record fails with what was wrong", () => {
    expect(parseBatchOutputLine(line({ output: { message: {} } }))).toMatchObject({ status: "failed", error: { errorCode: "unrecognized_output" } });
    expect(parseBatchOutputLine(line({ embedding: [1, "x"] }))).toMatchObject({
      error: { errorCode: "unrecognized_output", errorMessage: "embedding has non-numeric values" },
    });
  });
});

describe("parseBatchOutputLine on bad lines", () => {
  it.each([
    ["plain text", "Internal server error", "not JSON"],
    ["truncated line", '{"recordId":"R1","modelInput":{"text":"abc', "not JSON"],
    ["an array", '["R1"]', "not a JSON object"],
    ["no recordId", '{"modelInput":{},"modelOutput":{"generation":"x"}}', "no recordId"],
    ["numeric recordId", '{"recordId":7,"modelOutput":{"generation":"x"}}', "no recordId"],
    ["invalid literal inside modelOutput", '{"recordId":"R1","modelOutput":{"generation":tru}}', "not JSON"],
  ])("GIVEN %s WHEN parsed THEN it is reported malformed, not thrown", (_name, text, reason) => {
    const parsed = parseBatchOutputLine(text);
    expect(parsed).toHaveProperty("malformed");
    expect((parsed as { malformed: string }).malformed).toContain(reason);
  });

  it("GIVEN a record line with neither modelOutput nor error WHEN parsed THEN the record fails with no_output", () => {
    expect(parseBatchOutputLine('{"recordId":"R9","modelInput":{}}')).toEqual({
      recordId: "R9",
      status: "failed",
      error: { errorCode: "no_output", errorMessage: "the output line has neither modelOutput nor error" },
    });
  });

  it("GIVEN an error of an unknown shape WHEN parsed THEN its text is kept", () => {
    expect(parseBatchOutputLine('{"recordId":"R9","error":"ThrottlingException"}')).toEqual({
      recordId: "R9",
      status: "failed",
      error: { errorCode: "unknown", errorMessage: "ThrottlingException" },
    });
  });

  it("GIVEN invalid content inside the skipped modelInput WHEN parsed THEN the fast path still reads the record", () => {
    // Documented leniency: the echo is never parsed, so only its structure must hold.
    expect(parseBatchOutputLine('{"recordId":"R1","modelInput":{"a":tru},"modelOutput":{"generation":"ok"}}')).toMatchObject({
      recordId: "R1",
      status: "succeeded",
    });
  });
});

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRICKY_PIECES = ['"', "\\", "{", "}", "[", "]", ",", ":", "é", "😀", "\u0000", "\n", "\\\"", "modelOutput", " ", "a"];

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 4 : 7));
  if (pick === 0) return Array.from({ length: Math.floor(next() * 6) }, () => TRICKY_PIECES[Math.floor(next() * TRICKY_PIECES.length)]).join("");
  if (pick === 1) return Math.round((next() - 0.5) * 1e6) / 100;
  if (pick === 2) return next() < 0.5 ? null : next() < 0.5;
  if (pick === 3) return "";
  if (pick === 4) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const entries = Array.from({ length: Math.floor(next() * 4) }, (_, index) => [`${String(randomValue(next, 9))}${index}`, randomValue(next, depth + 1)]);
  return Object.fromEntries(entries);
}

describe("scanOutputLine against JSON.parse on generated lines", () => {
  it("GIVEN 2000 lines with random key order, tricky strings and whitespace WHEN scanned THEN every value equals JSON.parse's", () => {
    const next = random(42);
    for (let index = 0; index < 2000; index++) {
      const record: Record<string, unknown> = { recordId: `R${index}`, modelInput: randomValue(next, 0), modelOutput: randomValue(next, 0) };
      if (next() < 0.3) record.error = randomValue(next, 0);
      if (next() < 0.3) record[String(randomValue(next, 9))] = randomValue(next, 0);
      const keys = Object.keys(record).sort(() => next() - 0.5);
      const text = JSON.stringify(Object.fromEntries(keys.map((key) => [key, record[key]])), null, next() < 0.2 ? 1 : undefined).replaceAll("\n", " ");
      const bytes = Buffer.from(text);
      const spans = scanOutputLine(bytes);
      expect(spans, text).toBeDefined();
      const expected = JSON.parse(text);
      for (const key of ["recordId", "modelOutput", "error"] as const) {
        const span = spans![key];
        expect(span === undefined ? undefined : JSON.parse(bytes.toString("utf8", span.start, span.end)), `${key} of ${text}`).toEqual(expected[key]);
      }
    }
  });
});

describe("parseBatchOutputLine with cited text", () => {
  it("GIVEN a Converse-type output whose answer is partly in citationsContent WHEN parsed THEN the cited text is in output_text, in order", () => {
    const line = JSON.stringify({
      recordId: "r1",
      modelInput: {},
      modelOutput: {
        output: {
          message: {
            role: "assistant",
            content: [
              { text: "From the report: " },
              { citationsContent: { content: [{ text: "sales rose 4%." }], citations: [{ title: "report", sourceContent: [{ text: "rose 4%" }] }] } },
              { text: " That is all." },
            ],
          },
        },
        stopReason: "end_turn",
        usage: { inputTokens: 30, outputTokens: 9 },
      },
    });

    expect(parseBatchOutputLine(line)).toEqual({
      recordId: "r1",
      status: "succeeded",
      output: { kind: "text", family: "converse", text: "From the report: sales rose 4%. That is all.", stopReason: "end_turn", usage: { inputTokens: 30, outputTokens: 9 } },
    });
  });
});
