import { describe, expect, it } from "vitest";
import {
  addToPool,
  closeDispatch,
  contributionsToTell,
  describeExpired,
  describeReady,
  describeReadyPending,
  describeWaiting,
  DISPATCH_GRACE_MS,
  dispatchesToResume,
  emptyPool,
  expirePool,
  layoutPooledJob,
  openDispatch,
  poolKeyOf,
  poolNoticeName,
  withdrawFromPool,
} from "../../../src/bot/batch/batch-wait-pool.ts";
import type { PoolContribution, PoolDispatch, WaitPool } from "../../../src/store/batch-pool.ts";

const T0 = new Date("2025-03-01T12:00:00.000Z");
const hoursLater = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
/** 2025-03-02T12:00:00Z, as Discord's timestamp markup. */
const DEADLINE = "<t:1740916800:f>";

function contribution(id: string, records: number, overrides: Partial<PoolContribution> = {}): PoolContribution {
  return { id, owner: { userId: `u-${id}`, guildId: "g1", channelId: `c-${id}`, messageId: `m-${id}` }, runId: `run-${id}`, records, addedAt: T0.toISOString(), ...overrides };
}

const pool = (): WaitPool => emptyPool({ key: "guild:g1:nova-lite", model: "nova-lite", minRecords: 100, deadlineHours: 24 });

describe("poolKeyOf", () => {
  it("GIVEN guild or channel scope, a thread and a DM WHEN keyed THEN per guild, per channel, and always per channel in DMs", () => {
    const inGuild = { userId: "u1", guildId: "g1", channelId: "c1", threadId: "t1" };
    expect([
      poolKeyOf(inGuild, "nova-lite", "guild"),
      poolKeyOf(inGuild, "nova-lite", "channel"),
      poolKeyOf({ userId: "u1", channelId: "dm1" }, "nova-lite", "guild"),
    ]).toEqual(["guild:g1:nova-lite", "channel:c1:nova-lite", "channel:dm1:nova-lite"]);
    expect(() => poolKeyOf({ userId: "u1" }, "nova-lite", "channel")).toThrow(/needs a channel/);
  });
});

describe("addToPool", () => {
  it("GIVEN an empty pool WHEN 40 records arrive THEN they wait, 60 more needed, the deadline a day from now", () => {
    const added = addToPool(pool(), contribution("a", 40), T0);

    expect(added).toEqual({ pool: { ...pool(), deadline: "2025-03-02T12:00:00.000Z", contributions: [contribution("a", 40)] }, needed: 60 });
    expect(describeWaiting(contribution("a", 40), added.pool, added.needed, "on_demand")).toBe(
      `Your 40 records are waiting for nova-lite's batch minimum of 100: 60 more needed (or on-demand at full price after ${DEADLINE}).`,
    );
    expect(describeWaiting(contribution("a", 1), added.pool, 99, "report")).toBe(
      `Your 1 record is waiting for nova-lite's batch minimum of 100: 99 more needed (if they are not there by ${DEADLINE}, nothing runs and I'll tell you).`,
    );
  });

  it("GIVEN two users' submissions WHEN together they reach the minimum THEN all are ready as one job and the pool empties", () => {
    const first = addToPool(pool(), contribution("a", 40), T0);
    const second = addToPool(first.pool, contribution("b", 30), hoursLater(3));
    const third = addToPool(second.pool, contribution("c", 35), hoursLater(5));

    expect([first.needed, second.needed, third.needed]).toEqual([60, 30, 0]);
    expect(second.pool.deadline).toBe("2025-03-02T12:00:00.000Z");
    expect(third.ready?.map((each) => each.id)).toEqual(["a", "b", "c"]);
    expect(third.pool).toEqual(pool());
    expect(layoutPooledJob(third.ready ?? []).map(({ contribution: each, start, end }) => [each.id, each.owner.channelId, start, end])).toEqual([
      ["a", "c-a", 0, 40],
      ["b", "c-b", 40, 70],
      ["c", "c-c", 70, 105],
    ]);
    expect(describeReady(contribution("b", 30), third.ready ?? [], "nova-lite")).toBe(
      "nova-lite's batch minimum is reached: your 30 records go out together with 2 other submissions as one batch job of 105 records, at the batch price. I'll post your results here.",
    );
  });

  it("GIVEN a submission already in the pool WHEN added again (a retry after a crash) THEN nothing changes", () => {
    const once = addToPool(pool(), contribution("a", 40), T0);
    expect(addToPool(once.pool, contribution("a", 40), hoursLater(1))).toEqual(once);
  });
});

describe("expirePool", () => {
  it("GIVEN a pool short of the minimum WHEN its deadline passes THEN every contribution falls back, told per the configured action", () => {
    const waiting = addToPool(addToPool(pool(), contribution("a", 40), T0).pool, contribution("b", 30), hoursLater(20)).pool;

    expect(expirePool(waiting, hoursLater(23.99))).toEqual({ pool: waiting, expired: [] });
    const expired = expirePool(waiting, hoursLater(24));
    expect(expired.expired.map((each) => each.id)).toEqual(["a", "b"]);
    expect(expired.pool).toEqual(pool());
    expect(expirePool(pool(), hoursLater(100))).toEqual({ pool: pool(), expired: [] });
    expect(describeExpired(contribution("b", 30), waiting, "on_demand")).toBe(
      "Your 30 records waited 24 h, but nova-lite's batch minimum of 100 was not reached (70 records in all): they are running on demand now, at full price.",
    );
    expect(describeExpired(contribution("b", 30), waiting, "report")).toBe(
      "Your 30 records waited 24 h, but nova-lite's batch minimum of 100 was not reached (70 records in all): nothing was run or spent. Submit them again with policy `on_demand`, or once you have more records.",
    );
  });
});

describe("withdrawFromPool", () => {
  const waitingAB = () => addToPool(addToPool(pool(), contribution("a", 40), T0).pool, contribution("b", 30, { addedAt: hoursLater(2).toISOString() }), hoursLater(2)).pool;

  it("GIVEN a, then b two hours later WHEN the first (a) is withdrawn THEN b waits alone with the deadline b was told", () => {
    const waiting = waitingAB();
    expect(waiting.deadline).toBe("2025-03-02T12:00:00.000Z");

    const withoutA = withdrawFromPool(waiting, "a");
    expect(withoutA).toEqual({
      outcome: "withdrawn",
      withdrawn: contribution("a", 40),
      pool: { ...waiting, deadline: "2025-03-02T12:00:00.000Z", contributions: [contribution("b", 30, { addedAt: hoursLater(2).toISOString() })] },
    });
  });

  it("GIVEN a and b WHEN the later one (b) is withdrawn THEN a waits on with the same deadline; the last one out empties the pool", () => {
    const waiting = waitingAB();
    const withoutB = withdrawFromPool(waiting, "b");
    expect(withoutB).toEqual({ outcome: "withdrawn", withdrawn: contribution("b", 30, { addedAt: hoursLater(2).toISOString() }), pool: { ...waiting, contributions: [contribution("a", 40)] } });

    const empty = withdrawFromPool(withoutB.pool, "a");
    expect(empty).toEqual({ outcome: "withdrawn", withdrawn: contribution("a", 40), pool: pool() });
    // A later submission opens a fresh deadline, as in any empty pool.
    expect(addToPool(empty.pool, contribution("c", 10), hoursLater(30)).pool.deadline).toBe("2025-03-03T18:00:00.000Z");
  });

  it("GIVEN a contribution a dispatch holds (the pool filled or expired) WHEN withdrawn THEN nothing changes and it says which dispatch; an unknown id is absent", () => {
    const taken = openDispatch(pool(), { id: "run-1", kind: "expired", contributions: [contribution("a", 40)], takenAt: T0.toISOString() });
    const waiting = addToPool(taken, contribution("b", 30), T0).pool;

    expect(withdrawFromPool(waiting, "a")).toEqual({ outcome: "dispatching", kind: "expired", pool: waiting });
    expect(withdrawFromPool(waiting, "zzz")).toEqual({ outcome: "absent", pool: waiting });
    // b, still waiting beside the dispatch, can go; the dispatch stays.
    expect(withdrawFromPool(waiting, "b")).toEqual({ outcome: "withdrawn", withdrawn: contribution("b", 30), pool: taken });
  });
});

describe("pool dispatches", () => {
  const dispatchOf = (id: string, contributions: PoolContribution[], takenAt = T0): PoolDispatch => ({ id, kind: "job", contributions, takenAt: takenAt.toISOString() });

  it("GIVEN a pool filled while an earlier dispatch is under way WHEN the new one is taken THEN both are recorded, new contributions wait beside them, and closing one keeps the other", () => {
    const first = addToPool(addToPool(pool(), contribution("a", 60), T0).pool, contribution("b", 50), T0);
    const withFirst = openDispatch(first.pool, dispatchOf("run-1", first.ready ?? []));
    expect(withFirst).toEqual({ ...pool(), dispatching: [dispatchOf("run-1", [contribution("a", 60), contribution("b", 50)])] });

    const waiting = addToPool(withFirst, contribution("c", 10), hoursLater(1));
    expect(waiting.pool.dispatching).toEqual(withFirst.dispatching);
    const second = addToPool(waiting.pool, contribution("d", 95), hoursLater(2));
    expect(second.ready?.map((each) => each.id)).toEqual(["c", "d"]);
    expect(second.pool.dispatching?.map((each) => each.id)).toEqual(["run-1"]);
    const both = openDispatch(second.pool, dispatchOf("run-2", second.ready ?? []));
    expect(both.dispatching?.map((each) => each.id)).toEqual(["run-1", "run-2"]);
    expect(openDispatch(both, dispatchOf("run-2", second.ready ?? [])).dispatching).toHaveLength(2);

    expect(closeDispatch(both, "run-1").dispatching?.map((each) => each.id)).toEqual(["run-2"]);
    expect(closeDispatch(closeDispatch(both, "run-1"), "run-2")).toEqual(pool());
    expect(closeDispatch(closeDispatch(both, "run-2"), "run-2").dispatching?.map((each) => each.id)).toEqual(["run-1"]);
  });

  it("GIVEN a pool with a dispatch under way WHEN its deadline passes THEN only the waiting contributions expire and the dispatch stays", () => {
    const taken = openDispatch(pool(), dispatchOf("run-1", [contribution("a", 100)]));
    const waiting = addToPool(taken, contribution("b", 10), T0).pool;
    const expired = expirePool(waiting, hoursLater(24));
    expect(expired.expired.map((each) => each.id)).toEqual(["b"]);
    expect(expired.pool).toEqual(taken);
  });

  it("GIVEN dispatches taken at different times WHEN a sweep looks THEN it may resume only those older than the grace the taker has to claim them", () => {
    const young = dispatchOf("young", [contribution("a", 100)], new Date(T0.getTime() - DISPATCH_GRACE_MS + 1));
    const old = dispatchOf("old", [contribution("b", 100)], new Date(T0.getTime() - DISPATCH_GRACE_MS));
    const both = openDispatch(openDispatch(pool(), young), old);
    expect(dispatchesToResume(both, T0).map((each) => each.id)).toEqual(["old"]);
    expect(dispatchesToResume(pool(), T0)).toEqual([]);
  });

  it("GIVEN a full pool's dispatch WHEN the filler's process runs it THEN everyone but the filler gets a notice; a resumed one tells everyone", () => {
    const dispatch = dispatchOf("run-1", [contribution("a", 60), contribution("b", 50)]);
    expect(contributionsToTell(dispatch, "b").map((each) => each.id)).toEqual(["a"]);
    expect(contributionsToTell(dispatch).map((each) => each.id)).toEqual(["a", "b"]);
    expect([poolNoticeName("job"), poolNoticeName("expired")]).toEqual(["pool-full", "pool-expired"]);
    expect(describeReadyPending(contribution("b", 50), dispatch.contributions, "nova-lite")).toBe(
      "nova-lite's batch minimum is reached: your 50 records go out together with 1 other submission as one batch job of 110 records, at the batch price. Starting it did not finish just now; I'll retry shortly and confirm here.",
    );
  });
});
