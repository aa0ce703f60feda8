import { afterEach, describe, expect, it, vi } from "vitest";
import { chatRunKey, openChatRunRegistry, type ChatRunRegistryOptions } from "../../src/store/chat-run-registry.ts";
import { openRedisConnection } from "../../src/store/open-redis-connection.ts";
import { STORE_BACKENDS, type StorePlace } from "./store-places.ts";

/** Only a guard against a hang: a stop crosses redis in milliseconds on an idle machine. */
const HANG_GUARD = { timeout: 20_000, interval: 20 };

describe.each(STORE_BACKENDS)("ChatRunRegistry on $name", (backend) => {
  const places: StorePlace[] = [];

  afterEach(async () => {
    await Promise.all(places.splice(0).map((place) => place.dispose()));
  });

  /** Two bot processes on one store: each its own registry, with its own connections. */
  async function twoProcesses(options: ChatRunRegistryOptions = {}) {
    const place = await backend.createPlace("chat-runs");
    places.push(place);
    const location = { url: place.url, prefix: place.prefix };
    return { place, a: place.keep(openChatRunRegistry(location, options)), b: place.keep(openChatRunRegistry(location, options)) };
  }

  it("GIVEN a run streaming on A WHEN B looks it up and asks for a stop THEN B sees A and the requester; A's controller aborts", async () => {
    const { a, b } = await twoProcesses();
    const controller = new AbortController();
    const stoppedBy: string[] = [];
    await a.register("run-1", "alice", (by) => {
      stoppedBy.push(by);
      controller.abort();
    });

    const running = await b.lookup("run-1");
    expect(running).toEqual({ owner: a.owner, requesterId: "alice" });
    expect(a.owner).not.toBe(b.owner);
    expect(await b.requestStop("run-1", running!, "alice")).toBe(true);

    await vi.waitFor(() => expect(controller.signal.aborted).toBe(true), HANG_GUARD);
    expect(stoppedBy).toEqual(["alice"]);
  });

  it("GIVEN runs unknown or finished THEN no process has them; a late stop reaches the owner but stops nothing", async () => {
    const { a, b } = await twoProcesses();
    const onStop = vi.fn();
    const registered = await a.register("run-2", "alice", onStop);
    const running = await b.lookup("run-2");

    await registered.end();

    expect(await b.lookup("run-2")).toBeUndefined();
    expect(await b.lookup("never-ran")).toBeUndefined();
    expect(await b.requestStop("run-2", running!, "alice")).toBe(true); // A still listens
    // A marker run on A, stopped after the late one: its stop arriving proves the late one was handled (and ignored).
    const marker = vi.fn();
    await a.register("marker", "alice", marker);
    await b.requestStop("marker", { owner: a.owner, requesterId: "alice" }, "alice");
    await vi.waitFor(() => expect(marker).toHaveBeenCalled(), HANG_GUARD);
    expect(onStop).not.toHaveBeenCalled();
  });

  it("GIVEN a closed owner (its process gone) WHEN a stop is asked THEN nobody heard it", async () => {
    const { a, b } = await twoProcesses();
    await a.register("run-3", "alice", () => {});
    const running = await b.lookup("run-3");
    await a.close();

    expect(await b.requestStop("run-3", running!, "alice")).toBe(false);
  });

  it("GIVEN two registries WHEN each registers runs THEN each gets only the stops of its own", async () => {
    const { a, b } = await twoProcesses();
    const stopsOnA = vi.fn();
    const stopsOnB = vi.fn();
    await a.register("run-a", "alice", stopsOnA);
    await b.register("run-b", "bob", stopsOnB);

    await a.requestStop("run-b", (await a.lookup("run-b"))!, "bob");
    await b.requestStop("run-a", (await b.lookup("run-a"))!, "alice");

    await vi.waitFor(() => expect([stopsOnA.mock.calls, stopsOnB.mock.calls]).toEqual([[["alice"]], [["bob"]]]), HANG_GUARD);
  });

  if (backend.name === "redis") {
    it("GIVEN an owner that died without ending its run WHEN its TTL passes THEN the run is forgotten; a live owner's refreshes keep its run", async () => {
      const { place, a, b } = await twoProcesses({ ttlMs: 1_500 });
      const dead = place.keep(openChatRunRegistry({ url: place.url, prefix: place.prefix }, { ttlMs: 300 }));
      await a.register("kept", "alice", () => {});
      await dead.register("orphan", "alice", () => {});
      await dead.close(); // stops refreshing, as a crash would
      const redis = openRedisConnection(place.url, { purpose: "test-inspect" });
      place.keep({ close: async () => void (await redis.quit()) });
      const firstTtl = await redis.pttl(chatRunKey(place.prefix, "kept"));

      await vi.waitFor(async () => expect(await b.lookup("orphan")).toBeUndefined(), HANG_GUARD);
      // Refreshed: its TTL went up again (rather than only down towards expiry).
      await vi.waitFor(async () => expect(await redis.pttl(chatRunKey(place.prefix, "kept"))).toBeGreaterThan(firstTtl), HANG_GUARD);
      expect(await b.lookup("kept")).toEqual({ owner: a.owner, requesterId: "alice" });
    });

    it("GIVEN the storage prefix THEN the run's key is under it, with a TTL", async () => {
      const { place, a } = await twoProcesses();
      await a.register("run-4", "alice", () => {});
      const redis = openRedisConnection(place.url, { purpose: "test-inspect" });
      try {
        expect(await redis.pttl(chatRunKey(place.prefix, "run-4"))).toBeGreaterThan(0);
        expect(chatRunKey(place.prefix, "run-4")).toBe(`${place.prefix}chat-runs:run:run-4`);
      } finally {
        await redis.quit();
      }
    });
  }
});
