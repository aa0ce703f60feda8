import { describe, expect, it } from "vitest";
import { formatRecordLine, recordLineBytes } from "../../../../src/bedrock/batch/run/format-record-line.ts";

describe("recordLineBytes", () => {
  it("GIVEN records with ASCII, multi-byte text, escapes and nesting THEN it is the byte length of the formatted line", () => {
    const records = [
      { recordId: "R000000001", modelInput: { messages: [{ role: "user", content: [{ text: "plain" }] }], inferenceConfig: { maxTokens: 200 } } },
      { recordId: "R000000002", modelInput: { messages: [{ role: "user", content: [{ text: 'héllo "quoted"\n\t🎉 €' }] }] } },
      { recordId: "R000000003", modelInput: {} },
    ];
    for (const record of records) expect(recordLineBytes(record)).toBe(Buffer.byteLength(formatRecordLine(record)));
  });
});
