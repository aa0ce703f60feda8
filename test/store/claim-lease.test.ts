import { afterEach, describe, expect, it } from "vitest";
import { openLeaseStore } from "../../src/store/claim-lease.ts";
import { LEASE_BACKENDS, sqliteBackend, type LeasePlace } from "./lease-places.ts";

const MINUTE = 60_000;

describe.each(LEASE_BACKENDS)("claimLease on $name", (backend) => {
  const places: LeasePlace[] = [];
  const place = async () => {
    const created = await backend.createPlace();
    places.push(created);
    return created;
  };

  afterEach(async () => {
    await Promise.all(places.splice(0).map((created) => created.dispose()));
  });

  it("GIVEN a free key WHEN claimed THEN the claimer holds it, and everyone else (the claimer too) is refused", async () => {
    const leases = (await place()).open();

    expect(await leases.claimLease("notice:job-1", "bot-a", 10 * MINUTE)).toEqual({ claimed: true, expiresAt: expect.any(Number) });
    expect(await leases.claimLease("notice:job-1", "bot-b", 10 * MINUTE)).toEqual({ claimed: false, holder: "bot-a" });
    expect(await leases.claimLease("notice:job-1", "bot-a", 10 * MINUTE)).toEqual({ claimed: false, holder: "bot-a" });
    expect(await leases.claimLease("notice:job-2", "bot-b", 10 * MINUTE)).toEqual({ claimed: true, expiresAt: expect.any(Number) });
  });

  it("GIVEN ten instances on one store WHEN they claim the same keys at the same moment THEN exactly one wins each key", async () => {
    const shared = await place();
    const instances = Array.from({ length: 10 }, () => shared.open());
    const keys = ["notice:a", "notice:b", "notice:c"];

    const claims = await Promise.all(keys.flatMap((key) => instances.map((leases, index) => leases.claimLease(key, `bot-${index}`, MINUTE))));

    for (const [keyIndex] of keys.entries()) {
      const ofKey = claims.slice(keyIndex * instances.length, (keyIndex + 1) * instances.length);
      const winners = ofKey.flatMap((claim, index) => (claim.claimed ? [`bot-${index}`] : []));
      expect(winners).toHaveLength(1);
      expect(ofKey.filter((claim) => !claim.claimed)).toEqual(Array(instances.length - 1).fill({ claimed: false, holder: winners[0] }));
    }
  });

  it("GIVEN a lease whose claimer died WHEN its TTL has passed THEN another instance claims it; not a moment before", async () => {
    const shared = await place();
    const dead = shared.open();
    const survivor = shared.open();
    await dead.claimLease("notice:job-1", "bot-dead", 10 * MINUTE);

    await shared.passTime(9 * MINUTE);
    expect(await survivor.claimLease("notice:job-1", "bot-survivor", 10 * MINUTE)).toEqual({ claimed: false, holder: "bot-dead" });

    await shared.passTime(1 * MINUTE);
    expect(await survivor.claimLease("notice:job-1", "bot-survivor", 10 * MINUTE)).toEqual({ claimed: true, expiresAt: expect.any(Number) });
    expect(await dead.claimLease("notice:job-1", "bot-dead", 10 * MINUTE)).toEqual({ claimed: false, holder: "bot-survivor" });
  });

  it("GIVEN a held lease WHEN released by someone else, then by its holder THEN only the holder's release frees it", async () => {
    const leases = (await place()).open();
    await leases.claimLease("notice:job-1", "bot-a", MINUTE);

    expect(await leases.releaseLease("notice:job-1", "bot-b")).toBe(false);
    expect(await leases.claimLease("notice:job-1", "bot-b", MINUTE)).toEqual({ claimed: false, holder: "bot-a" });
    expect(await leases.releaseLease("notice:job-1", "bot-a")).toBe(true);
    expect(await leases.releaseLease("notice:job-1", "bot-a")).toBe(false);
    expect(await leases.claimLease("notice:job-1", "bot-b", MINUTE)).toEqual({ claimed: true, expiresAt: expect.any(Number) });
  });

  it("GIVEN a lease that expired and was taken over WHEN the first holder releases late THEN the new lease stays", async () => {
    const shared = await place();
    const slow = shared.open();
    const other = shared.open();
    await slow.claimLease("notice:job-1", "bot-slow", MINUTE);
    await shared.passTime(MINUTE);
    await other.claimLease("notice:job-1", "bot-other", MINUTE);

    expect(await slow.releaseLease("notice:job-1", "bot-slow")).toBe(false);
    expect(await slow.claimLease("notice:job-1", "bot-slow", MINUTE)).toEqual({ claimed: false, holder: "bot-other" });
  });

  it("GIVEN a held lease WHEN its holder renews it before expiry THEN it lasts a full TTL from the renewal; nobody else can renew it", async () => {
    const shared = await place();
    const holder = shared.open();
    const other = shared.open();
    await holder.claimLease("shard:1", "bot-a", 10 * MINUTE);

    await shared.passTime(9 * MINUTE);
    expect(await other.renewLease("shard:1", "bot-b", 10 * MINUTE)).toBe(false);
    expect(await holder.renewLease("shard:1", "bot-a", 10 * MINUTE)).toBe(true);

    await shared.passTime(9 * MINUTE);
    expect(await other.claimLease("shard:1", "bot-b", 10 * MINUTE)).toEqual({ claimed: false, holder: "bot-a" });
    await shared.passTime(1 * MINUTE);
    expect(await other.claimLease("shard:1", "bot-b", 10 * MINUTE)).toEqual({ claimed: true, expiresAt: expect.any(Number) });
  });

  it("GIVEN a lease that expired WHEN its holder renews late THEN the renewal fails, whether or not someone took it over", async () => {
    const shared = await place();
    const slow = shared.open();
    const other = shared.open();
    await slow.claimLease("shard:1", "bot-slow", MINUTE);
    await slow.claimLease("shard:2", "bot-slow", MINUTE);
    await shared.passTime(MINUTE);
    await other.claimLease("shard:2", "bot-other", MINUTE);

    expect(await slow.renewLease("shard:1", "bot-slow", MINUTE)).toBe(false);
    expect(await slow.renewLease("shard:2", "bot-slow", MINUTE)).toBe(false);
    expect(await slow.claimLease("shard:2", "bot-slow", MINUTE)).toEqual({ claimed: false, holder: "bot-other" });
    expect(await slow.renewLease("never-claimed", "bot-slow", MINUTE)).toBe(false);
  });

  it("GIVEN ten instances WHEN one holds a lease and all renew it at once THEN only the holder's renewal succeeds", async () => {
    const shared = await place();
    const instances = Array.from({ length: 10 }, () => shared.open());
    await instances[3]!.claimLease("shard-count", "bot-3", MINUTE);

    const renewals = await Promise.all(instances.map((leases, index) => leases.renewLease("shard-count", `bot-${index}`, MINUTE)));

    expect(renewals.map((renewed, index) => (renewed ? index : -1)).filter((index) => index >= 0)).toEqual([3]);
  });

  it("GIVEN a lease WHEN the store is closed and reopened (a restart) THEN the lease is still held", async () => {
    const shared = await place();
    const before = shared.open();
    await before.claimLease("notice:job-1", "bot-a", 10 * MINUTE);
    await before.close();

    expect(await shared.open().claimLease("notice:job-1", "bot-b", 10 * MINUTE)).toEqual({ claimed: false, holder: "bot-a" });
  });

  it("GIVEN a TTL that is no positive whole number WHEN claiming THEN a clear error", async () => {
    const leases = (await place()).open();
    await expect(leases.claimLease("k", "bot-a", 0)).rejects.toThrow(/positive whole number of ms, not 0/);
    await expect(leases.claimLease("k", "bot-a", 1.5)).rejects.toThrow(RangeError);
    await expect(leases.renewLease("k", "bot-a", -1)).rejects.toThrow(/positive whole number of ms, not -1/);
  });
});

describe("claimLease on sqlite", () => {
  it("GIVEN the fake clock WHEN a lease is claimed THEN it expires exactly TTL after the claim", async () => {
    const shared = await sqliteBackend.createPlace();
    let now = 1_000;
    const leases = openLeaseStore(shared.url, { namespace: shared.namespace, now: () => now });

    expect(await leases.claimLease("k", "bot-a", 500)).toEqual({ claimed: true, expiresAt: 1_500 });
    now = 1_499;
    expect((await leases.claimLease("k", "bot-b", 500)).claimed).toBe(false);
    now = 1_500;
    expect(await leases.claimLease("k", "bot-b", 500)).toEqual({ claimed: true, expiresAt: 2_000 });
    await leases.close();
    await shared.dispose();
  });
});

describe("openLeaseStore", () => {
  it("GIVEN an unsupported url THEN a clear error", () => {
    expect(() => openLeaseStore("postgres://x")).toThrow(/neither sqlite/);
  });
});
