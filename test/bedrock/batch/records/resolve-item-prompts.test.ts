import { describe, expect, it } from "vitest";
import type { InputItem } from "../../../../src/bedrock/batch/inputs/input-item.ts";
import { createPromptResolver } from "../../../../src/bedrock/batch/records/resolve-item-prompts.ts";
import { UserFacingError } from "../../../../src/bedrock/errors/user-facing-error.ts";
import { PNG_1X1 } from "../fixtures/sample-files.ts";

const row = (values: Record<string, string>, row = 1, source = "data.csv"): InputItem => ({
  kind: "row",
  origin: { source, row },
  columns: Object.keys(values),
  values,
});
const image: InputItem = { kind: "image", origin: { source: "cat.png" }, filename: "cat.png", bytes: PNG_1X1, format: "png", mime: "image/png" };

describe("createPromptResolver", () => {
  it("GIVEN a single prompt WHEN applied to a row and a file THEN the row follows as column: value lines and the file gets the prompt", () => {
    const resolve = createPromptResolver({ mode: "single", prompt: "Classify {this}." });
    expect(resolve(row({ title: "Tea", body: "hot\ndrink" }))).toEqual([{ ok: true, name: "default", text: "Classify {this}.\n\ntitle: Tea\nbody: hot\ndrink" }]);
    expect(resolve(image)).toEqual([{ ok: true, name: "default", text: "Classify {this}." }]);
  });

  it("GIVEN a template WHEN applied to rows and files THEN columns and {filename} are filled", () => {
    expect(createPromptResolver({ mode: "template", template: "Translate {text} to {lang}." })(row({ text: "hi", lang: "fr" }))).toEqual([
      { ok: true, name: "default", text: "Translate hi to fr." },
    ]);
    expect(createPromptResolver({ mode: "template", template: "Describe {filename}." })(image)).toEqual([{ ok: true, name: "default", text: "Describe cat.png." }]);
  });

  it("GIVEN a template with an unknown column WHEN the first row arrives THEN a user-facing error lists the file's columns", () => {
    const resolve = createPromptResolver({ mode: "template", template: "Answer {question} in {language}" });
    expect(() => resolve(row({ question: "why?", lang: "en" }))).toThrow(
      new UserFacingError("The prompt template uses {language}, but data.csv has the columns {question}, {lang}. Write {{ and }} for literal braces."),
    );
  });

  it("GIVEN a template with a column placeholder WHEN applied to a file THEN a user-facing error says files only provide {filename}", () => {
    expect(() => createPromptResolver({ mode: "template", template: "Describe {question}" })(image)).toThrow(
      new UserFacingError("The prompt template uses {question}, but files such as cat.png only provide {filename}. Write {{ and }} for literal braces."),
    );
  });

  it("GIVEN JSON rows whose keys vary WHEN a later row lacks a column THEN only that row is skipped", () => {
    const resolve = createPromptResolver({ mode: "template", template: "Q: {q}" });
    expect(resolve(row({ q: "first" }, 1, "rows.jsonl"))).toEqual([{ ok: true, name: "default", text: "Q: first" }]);
    expect(resolve(row({ other: "x" }, 2, "rows.jsonl"))).toEqual([{ ok: false, name: "default", reason: "the row has no {q} column" }]);
  });

  it("GIVEN mapped prompts WHEN applied THEN the prompt cell is used, an empty cell skipped, a file skipped and a missing column refused", () => {
    const resolve = createPromptResolver({ mode: "mapped", column: "ask" });
    expect(resolve(row({ id: "1", ask: "Say hi" }))).toEqual([{ ok: true, name: "default", text: "Say hi" }]);
    expect(resolve(row({ id: "2", ask: " " }, 2))).toEqual([{ ok: false, name: "default", reason: 'the "ask" cell is empty' }]);
    expect(resolve(image)).toEqual([{ ok: false, name: "default", reason: 'mapped prompts come from the "ask" column of data rows; files have none' }]);
    expect(() => createPromptResolver({ mode: "mapped" })(row({ id: "1", question: "q" }))).toThrow(
      new UserFacingError('The prompt column "prompt" is not in data.csv; its columns are: id, question.'),
    );
  });

  it("GIVEN expanded prompts WHEN applied to a row THEN each named prompt gives one outcome", () => {
    const resolve = createPromptResolver({
      mode: "expanded",
      prompts: [
        { name: "summary", template: "Summarise: {text}" },
        { name: "tone", template: "Tone of: {text}" },
      ],
    });
    expect(resolve(row({ text: "Great product" }))).toEqual([
      { ok: true, name: "summary", text: "Summarise: Great product" },
      { ok: true, name: "tone", text: "Tone of: Great product" },
    ]);
  });

  it("GIVEN an embed run WHEN applied THEN rows give their text column, images empty text and documents are skipped", () => {
    const resolve = createPromptResolver({ mode: "embed" });
    expect(resolve(row({ id: "1", text: "vector me" }))).toEqual([{ ok: true, name: "default", text: "vector me" }]);
    expect(resolve(image)).toEqual([{ ok: true, name: "default", text: "" }]);
    const pdf: InputItem = { ...image, kind: "document", format: "pdf", filename: "a.pdf", mime: "application/pdf" };
    expect(resolve(pdf)).toEqual([{ ok: false, name: "default", reason: "embedding models take text or images, not documents" }]);
  });
});
