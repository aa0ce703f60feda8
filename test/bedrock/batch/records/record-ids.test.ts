import { describe, expect, it } from "vitest";
import { createRecordIdGenerator, RECORD_ID_PATTERN } from "../../../../src/bedrock/batch/records/record-ids.ts";

describe("createRecordIdGenerator", () => {
  it("GIVEN a new run WHEN ids are drawn THEN they are R plus a 9-digit counter from 1", () => {
    const next = createRecordIdGenerator();
    expect([next(), next(), next()]).toEqual(["R000000001", "R000000002", "R000000003"]);
  });

  it("GIVEN 60,000 ids WHEN drawn THEN all are unique, valid and sorted as text", () => {
    const next = createRecordIdGenerator();
    const ids = Array.from({ length: 60_000 }, next);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => RECORD_ID_PATTERN.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });

  it("GIVEN two runs WHEN ids are drawn THEN each run counts on its own", () => {
    const first = createRecordIdGenerator();
    first();
    expect(createRecordIdGenerator()()).toBe("R000000001");
  });
});
