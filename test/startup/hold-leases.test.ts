/**
 * A process's leases while it runs (`holdLeases`), on a real sqlite lease store whose clock the test moves: claimed
 * together or not at all, the shared shard-count record, renewal, and loss reported once — when another process took
 * a lease, or when the store stayed silent until the lease may have expired.
 */
import { afterEach, describe, expect, it } from "vitest";
import { holdLeases, LeaseHeldError, type HeldLeases, type LeaseClaimSpec } from "../../src/bot/hold-leases.ts";
import { shardClaims } from "../../src/bot/shard-claims.ts";
import { createLogger } from "../../src/create-logger.ts";
import type { LeaseStore } from "../../src/store/claim-lease.ts";
import { sqliteBackend, type LeasePlace } from "../store/lease-places.ts";

const logger = createLogger({ level: "silent" });
/** Long enough that no renewal falls due during a test unless the test waits for one. */
const LONG_TTL_MS = 60_000;
/** Renewed every 100 ms: the loss tests wait for a renewal (a condition), never for a time. */
const SHORT_TTL_MS = 300;
const HANG_GUARD_MS = 20_000;

let place: LeasePlace;
const held: HeldLeases[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((each) => each.release()));
  await place.dispose();
});

async function hold(store: Pick<LeaseStore, "claimLease" | "renewLease" | "releaseLease">, claims: LeaseClaimSpec[], ttlMs = LONG_TTL_MS, wait = false) {
  const lost: string[] = [];
  const leases = await holdLeases(claims, { leases: store, ttlMs, wait, logger, onLost: (reason) => lost.push(reason) });
  held.push(leases);
  return { leases, lost };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + HANG_GUARD_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not seen within ${HANG_GUARD_MS} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("holdLeases", () => {
  it("GIVEN shard 1 held WHEN another process asks for shards 0 and 1 THEN refused naming shard 1 and its holder, and shard 0 is left free", async () => {
    place = await sqliteBackend.createPlace();
    await hold(place.open(), shardClaims([1], 2, "host-a pid 1 #aaaaaa", 30));

    const refusal = await hold(place.open(), shardClaims([0, 1], 2, "host-b pid 2 #bbbbbb", 30)).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(LeaseHeldError);
    expect((refusal as LeaseHeldError).exitCode).toBe(2);
    expect((refusal as Error).message).toBe(
      "Shard 1 is held by another process (host-a pid 1 #aaaaaa): start this one with other --shards, or stop that one (a process that died frees its shards within 30 s; --wait-for-shards waits for that).",
    );
    expect(await place.open().claimLease("shard:0", "host-c", LONG_TTL_MS)).toMatchObject({ claimed: true });
  });

  it("GIVEN a fleet with 4 shards WHEN a process with the same count joins THEN it runs; with another count THEN refused with a sentence", async () => {
    place = await sqliteBackend.createPlace();
    await hold(place.open(), shardClaims([0], 4, "a", 30));
    await hold(place.open(), shardClaims([1], 4, "b", 30));

    await expect(hold(place.open(), shardClaims([2], 2, "c", 30))).rejects.toThrow(
      /^The bot's other processes run with a shard count of 4, not 2: give every process the same --shard-count \(to change it, stop them all; the old count is forgotten 30 s after the last one stopped\)\.$/,
    );
  });

  it("GIVEN a holder that stops WHEN it releases THEN its shards are free at once; the shared count stays until it lapses", async () => {
    place = await sqliteBackend.createPlace();
    const first = await hold(place.open(), shardClaims([0, 1], 2, "a", 30));
    await first.leases.release();

    await hold(place.open(), shardClaims([0, 1], 2, "b", 30));
    await expect(hold(place.open(), shardClaims([2], 3, "c", 30))).rejects.toThrow(/shard count of 2, not 3/);
  });

  it("GIVEN --wait-for-shards WHEN the holder releases THEN the waiting process claims", async () => {
    place = await sqliteBackend.createPlace();
    const first = await hold(place.open(), shardClaims([1], 2, "a", 30));
    let claimed = false;
    const waiting = hold(place.open(), shardClaims([1], 2, "b", 30), LONG_TTL_MS, true).then((result) => {
      claimed = true;
      return result;
    });
    await first.leases.release();
    await waiting;
    expect(claimed).toBe(true);
    expect(await place.open().claimLease("shard:1", "c", LONG_TTL_MS)).toEqual({ claimed: false, holder: "b" });
  });

  it("GIVEN a held shard WHEN its lease expires and another process takes it THEN the next renewal reports it lost, once", async () => {
    place = await sqliteBackend.createPlace();
    const { lost } = await hold(place.open(), shardClaims([1], 2, "a", 30), SHORT_TTL_MS);
    const other = place.open();
    await place.passTime(SHORT_TTL_MS);
    expect(await other.claimLease("shard:1", "b", LONG_TTL_MS)).toMatchObject({ claimed: true });

    await until(() => lost.length > 0, "the loss reported");
    expect(lost).toEqual([
      "This process lost its hold on shard 1 (the lease expired or another process took it), so it stopped its Discord connection: another process may hold it now.",
    ]);
  });

  it("GIVEN a held shard WHEN renewing keeps failing until the lease may have expired THEN it is reported lost", async () => {
    place = await sqliteBackend.createPlace();
    const real = place.open();
    let storeDown = false;
    const flaky: Pick<LeaseStore, "claimLease" | "renewLease" | "releaseLease"> = {
      claimLease: (...args) => real.claimLease(...args),
      releaseLease: (...args) => real.releaseLease(...args),
      renewLease: (...args) => (storeDown ? Promise.reject(new Error("connection refused")) : real.renewLease(...args)),
    };
    const { lost } = await hold(flaky, [{ key: "bot-process", value: "a", name: "the sqlite store", describeHeld: () => "held" }], SHORT_TTL_MS);
    storeDown = true;

    await until(() => lost.length > 0, "the loss reported");
    expect(lost[0]).toMatch(/^This process could not renew its hold on the sqlite store for \d+ s \(the store did not answer\), so it stopped its Discord connection/);
  });

  it("GIVEN a held lease renewed in the background THEN it outlives its TTL", async () => {
    place = await sqliteBackend.createPlace();
    const store = place.open();
    let renewals = 0;
    const counting: Pick<LeaseStore, "claimLease" | "renewLease" | "releaseLease"> = {
      claimLease: (...args) => store.claimLease(...args),
      releaseLease: (...args) => store.releaseLease(...args),
      renewLease: async (...args) => {
        const renewed = await store.renewLease(...args);
        if (renewed) renewals++;
        return renewed;
      },
    };
    const { lost } = await hold(counting, shardClaims([0], 1, "a", 30), SHORT_TTL_MS);
    // Three rounds of renewals (the count and the shard each time): the leases were extended again and again.
    await until(() => renewals >= 6, "six renewals");
    expect(lost).toEqual([]);
    expect(await place.open().claimLease("shard:0", "b", LONG_TTL_MS)).toEqual({ claimed: false, holder: "a" });
  });
});
