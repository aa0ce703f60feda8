import { afterEach, describe, expect, it } from "vitest";
import { addToPool, closeDispatch, emptyPool, expirePool, openDispatch } from "../../src/bot/batch/batch-wait-pool.ts";
import type { PoolContribution, WaitPool } from "../../src/store/batch-pool.ts";
import { BATCH_POOLS_INDEX, BATCH_POOLS_NAMESPACE, KeyvBatchPoolRepository, PoolBusyError, type PoolLocking } from "../../src/store/keyv-batch-pool-repository.ts";
import { KeyvRepository } from "../../src/store/keyv-repository.ts";
import { openKeyv } from "../../src/store/open-keyv.ts";
import { openScoredIndex } from "../../src/store/scored-index.ts";
import { deleteRedisKeys } from "../e2e/redis-keys.ts";
import { LEASE_BACKENDS } from "./lease-places.ts";

const NOW = new Date("2025-03-01T12:00:00.000Z");
const KEY = "guild:g1:nova-lite";

function contribution(id: string, records: number): PoolContribution {
  return { id, owner: { userId: `u-${id}`, guildId: "g1", channelId: `c-${id}` }, runId: `run-${id}`, records, addedAt: NOW.toISOString() };
}

const fresh = (): WaitPool => emptyPool({ key: KEY, model: "nova-lite", minRecords: 100, deadlineHours: 24 });

/** The edge's add: the pure decision inside one update. */
function add(pools: KeyvBatchPoolRepository, each: PoolContribution, key = KEY, now = NOW) {
  return pools.update(key, (pool) => {
    const added = addToPool(pool ?? { ...fresh(), key }, each, now);
    return { pool: added.pool, result: added };
  });
}

describe.each(LEASE_BACKENDS)("KeyvBatchPoolRepository on $name", (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const setUp = async () => {
    const place = await backend.createPlace();
    const namespace = `${place.namespace}-${BATCH_POOLS_NAMESPACE}`;
    const stores: KeyvBatchPoolRepository[] = [];
    /** A bot instance: its own connections, leases included. */
    const instance = (instanceId: string, locking: Partial<PoolLocking> = {}) => {
      const rows = new KeyvRepository<WaitPool>(openKeyv<WaitPool>(place.url, namespace));
      const pools = new KeyvBatchPoolRepository(rows, openScoredIndex(place.url, `${place.namespace}-${BATCH_POOLS_INDEX}`), { leases: place.open(), instanceId, ...locking });
      stores.push(pools);
      return pools;
    };
    cleanups.push(
      () => place.dispose(),
      async () => {
        await Promise.all(stores.map((store) => store.close()));
        // Rows, index and markers all start with the place's namespace (sqlite's temp file is the place's alone).
        if (backend.name === "redis") await deleteRedisKeys(`${place.namespace}-*`);
      },
    );
    /** The pools' index as another process reaches it, without the repository. */
    const index = () => {
      const opened = openScoredIndex(place.url, `${place.namespace}-${BATCH_POOLS_INDEX}`);
      cleanups.push(() => opened.close());
      return opened;
    };
    return { place, instance, index };
  };

  it("GIVEN submissions added in one process at once WHEN they finish THEN none is lost, and the one that completes the minimum takes them all", async () => {
    const { instance } = await setUp();
    const pools = instance("bot-a");

    const results = await Promise.all([30, 30, 30, 30].map((records, index) => add(pools, contribution(`s${index}`, records))));

    expect(results.map((result) => result.needed)).toEqual([70, 40, 10, 0]);
    expect(results[3]?.ready?.map((each) => each.id)).toEqual(["s0", "s1", "s2", "s3"]);
    expect(await pools.get(KEY)).toBeUndefined();
    expect(await pools.all()).toEqual([]);
  });

  it("GIVEN a waiting pool WHEN the bot restarts THEN it is still there, and the deadline sweep expires it", async () => {
    const { instance } = await setUp();
    await add(instance("bot-a"), contribution("a", 40));

    const restarted = instance("bot-b");
    const [waiting] = await restarted.all();
    expect(waiting?.contributions.map((each) => each.id)).toEqual(["a"]);

    const expired = await restarted.update(KEY, (pool) => {
      const result = expirePool(pool ?? fresh(), new Date("2025-03-02T12:00:00.000Z"));
      return { pool: result.pool, result: result.expired };
    });
    expect(expired.map((each) => each.id)).toEqual(["a"]);
    expect(await restarted.all()).toEqual([]);
  });

  it("GIVEN two instances WHEN they add to one pool at the same moment THEN each add is stored or refused as busy, never lost", async () => {
    const { instance } = await setUp();
    const instances = [instance("bot-a"), instance("bot-b"), instance("bot-c")];

    const outcomes = await Promise.allSettled(instances.map((pools, index) => add(pools, contribution(`s${index}`, 10))));

    const stored = outcomes.flatMap((outcome, index) => (outcome.status === "fulfilled" ? [`s${index}`] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
    expect(stored.length).toBeGreaterThanOrEqual(1);
    expect(refused.every((reason) => reason instanceof PoolBusyError)).toBe(true);
    expect((await instances[0]?.get(KEY))?.contributions.map((each) => each.id).sort()).toEqual(stored);
  });

  it("GIVEN another instance holding the pool WHEN one adds THEN it is refused as busy, and succeeds once the holder is done", async () => {
    const { place, instance } = await setUp();
    const holder = place.open();
    await holder.claimLease(`pool:${KEY}`, "bot-other", 30_000);
    const pools = instance("bot-a");

    await expect(add(pools, contribution("a", 40))).rejects.toThrow(new PoolBusyError(KEY));
    await holder.releaseLease(`pool:${KEY}`, "bot-other");
    expect((await add(pools, contribution("a", 40))).needed).toBe(60);
  });

  it("GIVEN a full pool taken into a dispatch WHEN nothing waits beside it THEN the row stays (listed for the sweep) until the dispatch is closed", async () => {
    const { instance } = await setUp();
    const pools = instance("bot-a");
    const taken = await pools.update(KEY, (pool) => {
      const added = addToPool(pool ?? fresh(), contribution("a", 100), NOW);
      const dispatch = { id: "run-1", kind: "job" as const, contributions: added.ready ?? [], takenAt: NOW.toISOString() };
      return { pool: openDispatch(added.pool, dispatch), result: dispatch };
    });

    const restarted = instance("bot-b");
    expect((await restarted.all()).map((pool) => pool.dispatching)).toEqual([[taken]]);
    await restarted.update(KEY, (pool) => ({ pool: closeDispatch(pool ?? fresh(), "run-1"), result: undefined }));
    expect(await restarted.get(KEY)).toBeUndefined();
    expect(await restarted.all()).toEqual([]);
  });

  it("GIVEN another instance holding the pool for a moment WHEN one adds THEN it retries after a short pause and gets in", async () => {
    const { place, instance } = await setUp();
    const holder = place.open();
    await holder.claimLease(`pool:${KEY}`, "bot-other", 30_000);
    const pauses: number[] = [];
    // The holder finishes during the second pause.
    const sleep = async (ms: number) => {
      pauses.push(ms);
      if (pauses.length === 2) await holder.releaseLease(`pool:${KEY}`, "bot-other");
    };
    const pools = instance("bot-a", { busyRetryMs: [10, 20, 40], sleep });

    expect((await add(pools, contribution("a", 40))).needed).toBe(60);
    expect(pauses).toEqual([10, 20]);
  });

  it("GIVEN another instance holding the pool throughout WHEN one adds THEN it is refused as busy after every retry", async () => {
    const { place, instance } = await setUp();
    await place.open().claimLease(`pool:${KEY}`, "bot-other", 30_000);
    const pauses: number[] = [];
    const pools = instance("bot-a", { sleep: (ms) => Promise.resolve(void pauses.push(ms)) });

    await expect(add(pools, contribution("a", 40))).rejects.toThrow(new PoolBusyError(KEY));
    expect(pauses).toEqual([50, 150, 400]);
    expect(await pools.get(KEY)).toBeUndefined();
  });

  it("GIVEN waiting pools and one with only a dispatch left WHEN listed THEN the dispatch first, then by deadline; a pool emptied leaves the index", async () => {
    const { instance, index } = await setUp();
    const pools = instance("bot-a");
    await add(pools, contribution("late", 10), "channel:c2:nova-lite", new Date("2025-03-01T14:00:00.000Z"));
    await add(pools, contribution("early", 10), "channel:c1:nova-lite", new Date("2025-03-01T13:00:00.000Z"));
    await pools.update(KEY, (pool) => {
      const added = addToPool(pool ?? fresh(), contribution("full", 100), NOW);
      return { pool: openDispatch(added.pool, { id: "run-1", kind: "job", contributions: added.ready ?? [], takenAt: NOW.toISOString() }), result: undefined };
    });

    expect((await pools.all()).map((pool) => pool.key)).toEqual([KEY, "channel:c1:nova-lite", "channel:c2:nova-lite"]);
    await pools.update(KEY, (pool) => ({ pool: closeDispatch(pool ?? fresh(), "run-1"), result: undefined }));
    expect(await index().ids()).toEqual(["channel:c1:nova-lite", "channel:c2:nova-lite"]);
  });

  it("GIVEN a pool's key in the index without its row WHEN listed while another instance holds the pool THEN the key is kept, and dropped once the pool is free", async () => {
    const { place, instance, index } = await setUp();
    await index().add(KEY, 0);
    const holder = place.open();
    await holder.claimLease(`pool:${KEY}`, "bot-other", 30_000);
    const pools = instance("bot-a", { sleep: () => Promise.resolve() });

    expect(await pools.all()).toEqual([]);
    expect(await index().ids()).toEqual([KEY]);

    await holder.releaseLease(`pool:${KEY}`, "bot-other");
    expect(await pools.all()).toEqual([]);
    expect(await index().ids()).toEqual([]);
  });
});
