import { describe, expect, it } from "vitest";
import { expandInputs } from "../../../../src/bedrock/batch/inputs/expand-inputs.ts";
import type { InputSource } from "../../../../src/bedrock/batch/inputs/input-item.ts";
import { buildBatchRecords, type BatchModel, type BuildBatchRecordsInput } from "../../../../src/bedrock/batch/records/build-batch-records.ts";
import type { PromptSpec } from "../../../../src/bedrock/batch/records/prompt-spec.ts";
import { RECORD_ID_PATTERN } from "../../../../src/bedrock/batch/records/record-ids.ts";
import { UserFacingError } from "../../../../src/bedrock/errors/user-facing-error.ts";
import { makeZip } from "../fixtures/make-zip.ts";
import { EXE_HEADER, MP4_HEADER, PDF_MINIMAL, PNG_1X1 } from "../fixtures/sample-files.ts";

const file = (filename: string, data: Uint8Array | string): InputSource => ({
  kind: "file",
  filename,
  bytes: typeof data === "string" ? new TextEncoder().encode(data) : data,
});

const CLAUDE: BatchModel = { name: "claude", model_identifier: "us.anthropic.claude-3-5-sonnet-20241022-v2:0", kind: "chat" };
const NOVA: BatchModel = { name: "nova", model_identifier: "us.amazon.nova-pro-v1:0", kind: "chat" };
const TITAN_V2: BatchModel = { name: "titan-v2", model_identifier: "amazon.titan-embed-text-v2:0", kind: "embedding" };
const TITAN_G1: BatchModel = { name: "titan-mm", model_identifier: "amazon.titan-embed-image-v1", kind: "embedding" };
const PNG_BASE64 = PNG_1X1.toString("base64");

function run(sources: InputSource[], promptSpec: PromptSpec, model: BatchModel, extra: Partial<BuildBatchRecordsInput> = {}) {
  return buildBatchRecords({ items: expandInputs(sources), promptSpec, model, ...extra });
}

/** 19 units: 11 usable (one of them a video Claude cannot read), 8 unusable. */
const MIXED: InputSource[] = [
  file("rows.csv", "q\nfirst\nsecond\n,\n3,extra\nthird\n"), // 3 rows + empty row + bad row
  file("rows.jsonl", '{"q": "a"}\n{oops\n{"q": "b"}\n'), // 2 rows + bad line
  file("rows.json", '[{"q": "c"}, 7]'), // 1 row + non-object
  file("cat.png", PNG_1X1),
  file("paper.pdf", PDF_MINIMAL),
  file("notes.md", "# Notes"),
  file("setup.exe", EXE_HEADER),
  file("empty.txt", ""),
  file("photos.zip", makeZip([{ name: "dog.png", data: PNG_1X1 }, { name: "../evil.png", data: PNG_1X1 }])),
  file("broken.zip", Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(30, 1)])),
  file("clip.mp4", MP4_HEADER),
];

describe("buildBatchRecords", () => {
  it("GIVEN mixed inputs and one prompt WHEN built THEN every input is a record or a skip and the counts prove it", async () => {
    const { records, skipped, counts } = await run(MIXED, { mode: "single", prompt: "Describe it." }, CLAUDE);
    expect(counts).toEqual({ inputs: 19, records: 10, skipped: 9 });
    expect(counts.inputs).toBe(records.length + skipped.length);
    expect(records.map((record) => record.provenance)).toEqual([
      { source: "rows.csv", row: 1, prompt: "default", columns: [["q", "first"]] },
      { source: "rows.csv", row: 2, prompt: "default", columns: [["q", "second"]] },
      { source: "rows.csv", row: 5, prompt: "default", columns: [["q", "third"]] },
      { source: "rows.jsonl", row: 1, prompt: "default", columns: [["q", "a"]] },
      { source: "rows.jsonl", row: 3, prompt: "default", columns: [["q", "b"]] },
      { source: "rows.json", row: 1, prompt: "default", columns: [["q", "c"]] },
      { source: "cat.png", prompt: "default" },
      { source: "paper.pdf", prompt: "default" },
      { source: "notes.md", prompt: "default" },
      { source: "photos.zip", member: "dog.png", prompt: "default" },
    ]);
    expect(skipped.map((skip) => skip.input)).toEqual([
      "rows.csv row 3",
      "rows.csv row 4",
      "rows.jsonl row 2",
      "rows.json row 2",
      "setup.exe",
      "empty.txt",
      "photos.zip: ../evil.png",
      "broken.zip",
      "clip.mp4",
    ]);
  });

  it("GIVEN mixed inputs and two expanded prompts WHEN built THEN usable inputs count twice and unusable ones once", async () => {
    const promptSpec: PromptSpec = {
      mode: "expanded",
      prompts: [
        { name: "short", template: "In one word: {filename}" },
        { name: "long", template: "In detail: {filename}" },
      ],
    };
    const files = MIXED.filter((source) => source.kind === "file" && !/\.(csv|jsonl|json)$/.test(source.filename));
    const { records, skipped, counts } = await run(files, promptSpec, CLAUDE);
    // Units: png, pdf, md, zip's dog.png, mp4 usable (5); exe, empty, traversal, broken zip unusable (4).
    expect(counts).toEqual({ inputs: 5 * 2 + 4, records: 4 * 2, skipped: 4 + 2 });
    expect(counts.inputs).toBe(records.length + skipped.length);
    expect(records.filter((record) => record.provenance.source === "cat.png").map((record) => record.provenance.prompt)).toEqual(["short", "long"]);
    expect(skipped.filter((skip) => skip.input.startsWith("clip.mp4")).map((skip) => skip.input)).toEqual([
      'clip.mp4 (prompt "short")',
      'clip.mp4 (prompt "long")',
    ]);
  });

  it("GIVEN a run WHEN built THEN record ids are R000000001.. in order, unique and valid", async () => {
    const { records } = await run(MIXED, { mode: "single", prompt: "Describe it." }, CLAUDE);
    expect(records.map((record) => record.recordId)).toEqual(Array.from({ length: 10 }, (_, i) => `R${String(i + 1).padStart(9, "0")}`));
    expect(records.every((record) => RECORD_ID_PATTERN.test(record.recordId))).toBe(true);
  });

  it("GIVEN a CSV row and an image WHEN built for Claude THEN the bodies are Converse requests with base64 bytes and no modelId", async () => {
    const { records, invocationType } = await run([file("q.csv", "q,lang\nWhy?,en\n"), file("cat.png", PNG_1X1)], { mode: "single", prompt: "Answer." }, CLAUDE, {
      settings: { system: "Be brief.", maxTokens: 300, temperature: 0.2 },
    });
    expect(invocationType).toBe("Converse");
    expect(records).toEqual([
      {
        recordId: "R000000001",
        modelInput: {
          messages: [{ role: "user", content: [{ text: "Answer.\n\nq: Why?\nlang: en" }] }],
          system: [{ text: "Be brief." }],
          inferenceConfig: { maxTokens: 300, temperature: 0.2 },
        },
        provenance: { source: "q.csv", row: 1, prompt: "default", columns: [["q", "Why?"], ["lang", "en"]] },
        estimatedInputTokens: Math.ceil("Be brief.".length / 4) + Math.ceil("Answer.\n\nq: Why?\nlang: en".length / 4),
      },
      {
        recordId: "R000000002",
        modelInput: {
          messages: [{ role: "user", content: [{ image: { format: "png", source: { bytes: PNG_BASE64 } } }, { text: "Answer." }] }],
          system: [{ text: "Be brief." }],
          inferenceConfig: { maxTokens: 300, temperature: 0.2 },
        },
        provenance: { source: "cat.png", prompt: "default" },
        estimatedInputTokens: 3 + 1600 + 2,
      },
    ]);
    expect(JSON.stringify(records)).not.toContain("modelId");
  });

  it("GIVEN a text file WHEN built THEN its text is inlined after the prompt", async () => {
    const { records } = await run([file("notes.md", "# Notes\nbuy milk")], { mode: "template", template: "Summarise {filename}." }, CLAUDE);
    expect(records[0]?.modelInput).toEqual({
      messages: [{ role: "user", content: [{ text: 'Summarise notes.md.\n\n<file name="notes.md">\n# Notes\nbuy milk\n</file>' }] }],
    });
  });

  it("GIVEN a video WHEN built for Nova THEN it is referenced by an input-folder placeholder and carried as media", async () => {
    const { records, skipped } = await run([file("clip.mp4", MP4_HEADER)], { mode: "single", prompt: "What happens?" }, NOVA);
    expect(skipped).toEqual([]);
    expect(records[0]?.modelInput).toEqual({
      messages: [
        {
          role: "user",
          content: [{ video: { format: "mp4", source: { s3Location: { uri: "s3://<input-folder>/media/000001-clip.mp4" } } } }, { text: "What happens?" }],
        },
      ],
    });
    expect(records[0]?.media).toEqual([{ key: "media/000001-clip.mp4", bytes: MP4_HEADER, contentType: "video/mp4" }]);
  });

  it("GIVEN a video WHEN built for Claude THEN it is skipped with why", async () => {
    const { records, skipped } = await run([file("clip.mp4", MP4_HEADER)], { mode: "single", prompt: "What happens?" }, CLAUDE);
    expect(records).toEqual([]);
    expect(skipped).toEqual([{ input: "clip.mp4", reason: "video needs an Amazon Nova model (Lite, Pro or Premier); claude does not read video from S3" }]);
  });

  it("GIVEN an image over Converse's size limit WHEN built THEN the content builder's warning becomes the skip reason", async () => {
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(4 * 1024 * 1024)]);
    const { skipped } = await run([file("huge.png", big)], { mode: "single", prompt: "Describe." }, CLAUDE);
    expect(skipped).toEqual([{ input: "huge.png", reason: expect.stringMatching(/^dropped "huge\.png": image is 4 MB, Bedrock accepts at most 3\.75 MB$/) }]);
  });

  it("GIVEN CSV rows WHEN embedded with Titan Text V2 THEN bodies are {inputText, dimensions, normalize} and images are skipped", async () => {
    const { records, skipped, invocationType } = await run([file("docs.csv", "id,text\n1,hello\n2,world\n"), file("cat.png", PNG_1X1)], { mode: "embed" }, TITAN_V2, {
      settings: { dimensions: 512 },
    });
    expect(invocationType).toBe("InvokeModel");
    expect(records.map((record) => record.modelInput)).toEqual([
      { inputText: "hello", dimensions: 512, normalize: true },
      { inputText: "world", dimensions: 512, normalize: true },
    ]);
    expect(skipped).toEqual([{ input: "cat.png", reason: "titan-v2 embeds text only" }]);
  });

  it("GIVEN rows and an image WHEN embedded with Titan Multimodal G1 THEN text and base64 image bodies carry embeddingConfig", async () => {
    const { records } = await run([file("docs.jsonl", '{"text": "a cat"}\n'), file("cat.png", PNG_1X1)], { mode: "embed" }, TITAN_G1, {
      settings: { outputEmbeddingLength: 384 },
    });
    expect(records.map((record) => [record.modelInput, record.estimatedInputTokens])).toEqual([
      [{ inputText: "a cat", embeddingConfig: { outputEmbeddingLength: 384 } }, 2],
      [{ inputImage: PNG_BASE64, embeddingConfig: { outputEmbeddingLength: 384 } }, 1600],
    ]);
  });

  it("GIVEN a template with an unknown column WHEN built THEN it fails with the columns listed and no records", async () => {
    await expect(run([file("q.csv", "question,lang\nWhy?,en\n")], { mode: "template", template: "Answer {questoin}" }, CLAUDE)).rejects.toThrow(
      new UserFacingError("The prompt template uses {questoin}, but q.csv has the columns {question}, {lang}. Write {{ and }} for literal braces."),
    );
  });

  it("GIVEN a model and run that do not fit WHEN built THEN it is refused before reading any input", async () => {
    const unreadable: Iterable<never> = {
      [Symbol.iterator]: () => {
        throw new Error("inputs must not be read");
      },
    };
    const attempt = (promptSpec: PromptSpec, model: BatchModel, settings = {}) => buildBatchRecords({ items: unreadable, promptSpec, model, settings });
    await expect(attempt({ mode: "single", prompt: "x" }, { ...CLAUDE, model_identifier: "anthropic.claude-v2" })).rejects.toThrow(/cannot run batch jobs/);
    await expect(attempt({ mode: "embed" }, CLAUDE)).rejects.toThrow("claude is a chat model; embed runs need an embedding model.");
    await expect(attempt({ mode: "single", prompt: "x" }, TITAN_V2)).rejects.toThrow("titan-v2 is an embedding model; use an embed run.");
    await expect(attempt({ mode: "single", prompt: "x" }, CLAUDE, { temperature: 0.5, topP: 0.9 })).rejects.toThrow(/temperature or top_p, not both/);
    await expect(attempt({ mode: "expanded", prompts: [{ name: "a", template: "x" }, { name: "a", template: "y" }] }, CLAUDE)).rejects.toThrow(UserFacingError);
  });
});
