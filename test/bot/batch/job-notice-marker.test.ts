import { describe, expect, it } from "vitest";
import {
  findPostedParts,
  formatNoticeMarker,
  isWholeNotice,
  missingParts,
  noticeIdOf,
  parseNoticeMarker,
  type ScannedMessage,
} from "../../../src/bot/batch/job-notice-marker.ts";

const BOT = "900";
const JOB = "bdb-20250301-ab12cd-1";

function message(id: string, overrides: Partial<ScannedMessage>): ScannedMessage {
  return { id, authorId: BOT, content: "", embedFooters: [], ...overrides };
}

describe("notice markers", () => {
  it("GIVEN a job, a pooled contributor, and several parts WHEN formatted and parsed back THEN the same id and part", () => {
    const pooled = noticeIdOf(JOB, "c7f3a9");
    expect([formatNoticeMarker(noticeIdOf(JOB)), formatNoticeMarker(pooled, 2, 3)]).toEqual([`job ${JOB}`, `job ${JOB}/c7f3a9 · part 2/3`]);
    expect(parseNoticeMarker(`nova-lite · 1,234 records · job ${JOB}`)).toEqual({ noticeId: JOB, part: 1, parts: 1 });
    expect(parseNoticeMarker(`-# job ${pooled} · part 2/3`)).toEqual({ noticeId: pooled, part: 2, parts: 3 });
  });

  it("GIVEN text that only looks like a marker WHEN parsed THEN nothing", () => {
    expect(
      [`my job ${JOB} is late`, `subjob ${JOB}`, `job ${JOB} · part 4/3`, `job ${JOB} · part 0/3`, "job", `job ${JOB} extra`].map(parseNoticeMarker),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("GIVEN an id with characters a marker cannot carry WHEN made a notice id THEN a clear error", () => {
    expect(() => noticeIdOf("job name", "x")).toThrow(/"job name\/x" cannot be a notice id/);
    expect(() => noticeIdOf(JOB, "a/b")).toThrow(/cannot be a notice id/);
  });
});

describe("findPostedParts", () => {
  it("GIVEN the bot's messages among others' WHEN scanned THEN the parts of that notice only, by part, the oldest of a duplicate", () => {
    const messages = [
      message("1003", { content: `files\n-# job ${JOB} · part 2/2` }),
      message("1002", { embedFooters: [`nova-lite · job ${JOB} · part 1/2`] }),
      message("1001", { authorId: "42", content: `-# job ${JOB} · part 1/2` }),
      message("1004", { embedFooters: [`job ${JOB}-2 · part 1/2`] }),
      message("999", { content: `-# job ${JOB} · part 2/2` }),
    ];

    const found = findPostedParts(messages, { botUserId: BOT, noticeId: JOB });

    expect(found).toEqual([
      { messageId: "1002", part: 1, parts: 2 },
      { messageId: "999", part: 2, parts: 2 },
    ]);
    expect(isWholeNotice(found)).toBe(true);
    expect(isWholeNotice(found.slice(1))).toBe(false);
    expect(isWholeNotice([])).toBe(false);
  });

  it("GIVEN parts found WHEN asking what is left to post THEN the missing part numbers", () => {
    expect(missingParts(3, [{ messageId: "1", part: 2, parts: 3 }])).toEqual([1, 3]);
    expect(missingParts(1, [])).toEqual([1]);
  });
});
