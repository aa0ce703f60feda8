import { describe, expect, it } from "vitest";
import { addToPool, emptyPool, openDispatch } from "../../../src/bot/batch/batch-wait-pool.ts";
import {
  describeLeaving,
  describeWaitingChoice,
  describeWaitingLine,
  describeWaitingStatus,
  describeWithdrawn,
  findSubmission,
  waitingSubmissions,
} from "../../../src/bot/batch/waiting-submissions.ts";
import type { PoolContribution, WaitPool } from "../../../src/store/batch-pool.ts";

const T0 = new Date("2025-03-01T12:00:00.000Z");
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
/** 2025-03-02T12:00:00Z (T0 + 24 h) as Discord's relative timestamp. */
const DEADLINE_R = "<t:1740916800:R>";

function contribution(id: string, records: number, hours: number): PoolContribution {
  return { id, owner: { userId: `u-${id}`, guildId: "g1", channelId: "c1" }, runId: `run-${id}`, records, addedAt: at(hours).toISOString() };
}

const nova = (): WaitPool => emptyPool({ key: "guild:g1:nova-lite", model: "nova-lite", minRecords: 100, deadlineHours: 24 });
const claude = (): WaitPool => emptyPool({ key: "guild:g1:claude", model: "claude", minRecords: 100, deadlineHours: 24 });

describe("waitingSubmissions and findSubmission", () => {
  it("GIVEN two pools, one with a dispatch under way WHEN looked up THEN waiting ones come newest first with what their pool needs; a taken one is leaving", () => {
    const novaPool = addToPool(addToPool(nova(), contribution("a", 60, 0), at(0)).pool, contribution("b", 10, 2), at(2)).pool;
    const claudeTaken = openDispatch(addToPool(claude(), contribution("c", 5, 1), at(1)).pool, { id: "run-x", kind: "job", contributions: [contribution("d", 100, 0)], takenAt: T0.toISOString() });

    const waiting = waitingSubmissions([novaPool, claudeTaken]);
    expect(waiting.map((each) => [each.contribution.id, each.pool.model, each.needed])).toEqual([
      ["b", "nova-lite", 30],
      ["c", "claude", 95],
      ["a", "nova-lite", 30],
    ]);
    expect(findSubmission([novaPool, claudeTaken], "a")).toEqual({ state: "waiting", pool: novaPool, contribution: contribution("a", 60, 0), needed: 30 });
    expect(findSubmission([novaPool, claudeTaken], "d")).toEqual({ state: "leaving", pool: claudeTaken, contribution: contribution("d", 100, 0), kind: "job" });
    expect(findSubmission([novaPool, claudeTaken], "nope")).toBeUndefined();
  });
});

describe("describing a waiting submission", () => {
  it("GIVEN alice's 60 records waiting for 100 WHEN listed, shown, offered, withdrawn THEN each says the records, 40 more needed and the deadline", () => {
    const pool = addToPool(nova(), contribution("a", 60, 0), at(0)).pool;
    const [waiting] = waitingSubmissions([pool]);
    if (waiting === undefined) throw new Error("not waiting");

    expect(describeWaitingLine(waiting)).toBe(`• \`a\` · nova-lite · waiting · 60 records · 40 more needed · deadline ${DEADLINE_R} · <@u-a>`);
    expect(describeWaitingStatus(waiting)).toBe(
      `⏳ \`a\` is waiting in nova-lite's pool for its batch minimum of 100: 60 records · 40 more needed · deadline ${DEADLINE_R}. \`/batch cancel\` withdraws it; nothing is spent until it goes out.`,
    );
    expect(describeWaitingChoice(waiting)).toBe("a · waiting, 60 records");
    expect(describeWithdrawn(waiting.contribution, "nova-lite")).toBe("⏹️ Withdrew `a` from nova-lite's waiting pool: its 60 records were deleted. Nothing was spent.");
  });

  it("GIVEN a contribution taken by a fill or a deadline WHEN asked about or cancelled THEN it says it is already on its way and cannot be withdrawn", () => {
    const taken = contribution("a", 60, 0);
    expect(describeLeaving({ contribution: taken, kind: "job" }, true)).toBe("`a` is already being submitted with its pool as one batch job and can no longer be withdrawn.");
    expect(describeLeaving({ contribution: taken, kind: "expired" }, false)).toBe("`a` reached its pool's deadline: it is already being answered or reported; you'll be told in its channel.");
  });
});
