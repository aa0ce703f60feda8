import { describe, expect, it } from "vitest";
import { formatRecordLine, recordLineBytes } from "../../../../src/bedrock/batch/run/format-record-line.ts";
import { placeholderMediaUri } from "../../../../src/bedrock/batch/records/media-location.ts";

describe("formatRecordLine and recordLineBytes", () => {
  it("GIVEN records with ASCII, multi-byte text, escapes and nesting THEN it is the byte length of the formatted line", () => {
    const records = [
      { recordId: "R000000001", modelInput: { messages: [{ role: "user", content: [{ text: "plain" }] }], inferenceConfig: { maxTokens: 200 } } },
      { recordId: "R000000002", modelInput: { messages: [{ role: "user", content: [{ text: 'héllo "quoted"\n\t🎉 €' }] }] } },
      { recordId: "R000000003", modelInput: {} },
    ];
    for (const record of records) {
      expect(formatRecordLine(record)).toBe(`${JSON.stringify(record)}\n`);
      expect(formatRecordLine(record, "s3://b/run/job-1/input/")).toBe(`${JSON.stringify(record)}\n`);
      expect(recordLineBytes(record)).toBe(Buffer.byteLength(formatRecordLine(record)));
    }
  });

  it("GIVEN a body referencing media WHEN formatted for a job THEN the placeholder points under the job's input folder", () => {
    const modelInput = { messages: [{ role: "user", content: [{ video: { format: "mp4", source: { s3Location: { uri: placeholderMediaUri("media/000001-a.mp4") } } } }] }] };
    const line = formatRecordLine({ recordId: "R000000001", modelInput }, "s3://b/run/job-1/input/");
    expect(JSON.parse(line)).toEqual({
      recordId: "R000000001",
      modelInput: { messages: [{ role: "user", content: [{ video: { format: "mp4", source: { s3Location: { uri: "s3://b/run/job-1/input/media/000001-a.mp4" } } } }] }] },
    });
    expect(formatRecordLine({ recordId: "R000000001", modelInput })).toContain(placeholderMediaUri("media/000001-a.mp4"));
  });
});
