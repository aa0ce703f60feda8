/**
 * Exactly-once delivery, by killing an instance at every step. An instance is a process: its own id and its own
 * connections to the shared store (real leases and receipts on sqlite or redis) and to one fake channel. A "crash"
 * is an effect that never settles (the process is gone: nothing after it runs, its lease stays until it expires);
 * an "error" is an effect that throws (the process lives on and retries). Kill points are every effect call of a
 * clean run, just before it takes effect and just after.
 */
import { afterEach, describe, expect, it } from "vitest";
import { deliverJobNotice, DEFAULT_NOTICE_LEASE_MS, type DeliveryOutcome, type NoticeEffects, type NoticeReceipt } from "../../../src/bot/batch/deliver-job-notice.ts";
import { findPostedParts, formatNoticeMarker, missingParts, type ScannedMessage } from "../../../src/bot/batch/job-notice-marker.ts";
import { KeyvRepository } from "../../../src/store/keyv-repository.ts";
import { openKeyv } from "../../../src/store/open-keyv.ts";
import { LEASE_BACKENDS, type LeasePlace } from "../../store/lease-places.ts";

const BOT = "900000000000000001";
const NOTICE = "bdb-20250301-ab12cd-1";

/** One Discord channel: the bot's posts and other members' chatter. */
class FakeChannel {
  readonly messages: ScannedMessage[] = [];
  #next = 1_000_000_000_000_000_000n;

  send(authorId: string, content: string, embedFooters: string[] = []): string {
    const id = String(this.#next++);
    this.messages.push({ id, authorId, content, embedFooters });
    return id;
  }

  /** Message counts of each part of the notice, by part. */
  partCounts(parts: number): number[] {
    return Array.from({ length: parts }, (_, index) =>
      this.messages.filter((message) => findPostedParts([message], { botUserId: BOT, noticeId: NOTICE }).some((found) => found.part === index + 1)).length,
    );
  }
}

type KillMode = "crash" | "error";
interface Kill {
  /** Index of the effect call in this instance's run. */
  at: number;
  when: "before" | "after";
  mode: KillMode;
}

interface Instance {
  deliver(): Promise<DeliveryOutcome>;
  /** Effect calls in order (`post:2` is the second part's send). */
  trace: string[];
  /** Settles when the kill happened. */
  killed: Promise<void>;
}

function createWorld(place: LeasePlace, channel: FakeChannel, parts: number) {
  const receiptNamespace = `${place.namespace}-notices`;
  const connections: { close(): Promise<void> }[] = [];

  /** `pause` runs after each effect call of the instance, before the next: tests line instances up with it. */
  const startInstance = (instanceId: string, kill?: Kill, pause?: (index: number) => Promise<void>): Instance => {
    const leases = place.open();
    const receipts = new KeyvRepository<NoticeReceipt>(openKeyv<NoticeReceipt>(place.url, receiptNamespace));
    connections.push(receipts);
    const trace: string[] = [];
    let signalKilled = () => {};
    const killed = new Promise<void>((resolve) => (signalKilled = resolve));
    const die = (): Promise<never> => {
      signalKilled();
      if (kill?.mode === "error") return Promise.reject(new Error(`killed at step ${kill.at}`));
      return new Promise<never>(() => {});
    };
    const step = async <R>(name: string, action: () => Promise<R> | R): Promise<R> => {
      const index = trace.push(name) - 1;
      if (kill?.at === index && kill.when === "before") return die();
      const result = await action();
      if (kill?.at === index && kill.when === "after") return die();
      await pause?.(index);
      return result;
    };

    const effects: NoticeEffects<FakeChannel> = {
      claimLease: (key, owner, ttlMs) => step("claimLease", () => leases.claimLease(key, owner, ttlMs)),
      releaseLease: (key, owner) => step("releaseLease", () => leases.releaseLease(key, owner)),
      notified: (noticeId) => step("notified", () => receipts.get(noticeId)),
      findPosted: (target, noticeId) => step("findPosted", () => findPostedParts(target.messages, { botUserId: BOT, noticeId })),
      async post(target, noticeId, posted) {
        const ids = new Map(posted.map((found) => [found.part, found.messageId]));
        for (const part of missingParts(parts, posted)) {
          const footer = formatNoticeMarker(noticeId, part, parts);
          ids.set(part, await step(`post:${part}`, () => (part === 1 ? target.send(BOT, "<@42> done", [footer]) : target.send(BOT, `files\n-# ${footer}`))));
        }
        return [...ids.entries()].sort(([a], [b]) => a - b).map(([, id]) => id);
      },
      markNotified: (noticeId, receipt) => step("markNotified", () => receipts.put(noticeId, receipt)),
      now: () => new Date("2025-03-01T12:00:00.000Z"),
    };
    return { deliver: () => deliverJobNotice({ noticeId: NOTICE, target: channel }, effects, { instanceId }), trace, killed };
  };

  return {
    startInstance,
    receipt: async () => {
      const receipts = new KeyvRepository<NoticeReceipt>(openKeyv<NoticeReceipt>(place.url, receiptNamespace));
      connections.push(receipts);
      return receipts.get(NOTICE);
    },
    async dispose() {
      const keyv = openKeyv(place.url, receiptNamespace);
      await keyv.clear();
      await keyv.disconnect();
      await Promise.all(connections.splice(0).map((connection) => connection.close()));
    },
  };
}

/** What the instance that comes after a crash at `step` should report. */
function expectedAfterCrash(trace: readonly string[], at: number, when: "before" | "after", parts: number): DeliveryOutcome["outcome"] {
  const done = trace.slice(0, when === "after" ? at + 1 : at);
  if (done.includes("markNotified")) return "already_notified";
  return done.filter((name) => name.startsWith("post:")).length === parts ? "already_posted" : "posted";
}

describe.each(LEASE_BACKENDS)("deliverJobNotice with leases and receipts on $name", (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const setUp = async (parts: number) => {
    const place = await backend.createPlace();
    const channel = new FakeChannel();
    channel.send("42", "anyone seen my batch?");
    const world = createWorld(place, channel, parts);
    cleanups.push(() => place.dispose(), () => world.dispose());
    return { place, channel, world };
  };

  it("GIVEN a finished job WHEN one instance delivers twice THEN it posts once, then reports it already notified", async () => {
    const { channel, world } = await setUp(1);
    const instance = world.startInstance("bot-a");

    const first = await instance.deliver();
    const second = await instance.deliver();

    const [posted] = channel.messages.slice(1);
    expect(first).toEqual({ outcome: "posted", messageIds: [posted?.id], resumedParts: 0 });
    expect(second).toEqual({ outcome: "already_notified", receipt: { messageIds: [posted?.id], notifiedAt: "2025-03-01T12:00:00.000Z", recovered: false } });
    expect(instance.trace).toEqual(["notified", "claimLease", "notified", "findPosted", "post:1", "markNotified", "releaseLease", "notified"]);
    expect(posted?.embedFooters).toEqual(["job bdb-20250301-ab12cd-1"]);
  });

  it("GIVEN two instances WHEN both deliver at the same moment THEN exactly one posts and the other is told it is claimed", async () => {
    const { channel, world } = await setUp(3);

    // Both pass the first "notified?" check, and both claim, before either goes on: the lease alone keeps them apart.
    const lineUp = [0, 1].map(() => {
      let arrived = 0;
      let open = () => {};
      const opened = new Promise<void>((resolve) => (open = resolve));
      return async () => {
        if (++arrived === 2) open();
        await opened;
      };
    });
    const barrier = (index: number) => lineUp[index]?.() ?? Promise.resolve();

    const outcomes = await Promise.all([world.startInstance("bot-a", undefined, barrier).deliver(), world.startInstance("bot-b", undefined, barrier).deliver()]);

    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(["claimed_elsewhere", "posted"]);
    expect(channel.partCounts(3)).toEqual([1, 1, 1]);
  });

  it("GIVEN an instance that crashed holding the lease WHEN another delivers before the lease expired THEN it waits (claimed elsewhere)", async () => {
    const { channel, world } = await setUp(3);
    const dead = world.startInstance("bot-dead", { at: 3, when: "before", mode: "crash" });
    void dead.deliver();
    await dead.killed;

    expect(await world.startInstance("bot-new").deliver()).toEqual({ outcome: "claimed_elsewhere", holder: "bot-dead" });
    expect(channel.partCounts(3)).toEqual([0, 0, 0]);
  });

  // The steps of a clean run of a three-part notice, each a kill point before and after it.
  const cleanTrace = ["notified", "claimLease", "notified", "findPosted", "post:1", "post:2", "post:3", "markNotified", "releaseLease"];
  const killPoints = cleanTrace.flatMap((name, at) => (["before", "after"] as const).map((when) => ({ name, at, when })));

  it("GIVEN a clean run THEN its steps are the kill points below", async () => {
    const { world } = await setUp(3);
    const instance = world.startInstance("bot-a");
    await instance.deliver();
    expect(instance.trace).toEqual(cleanTrace);
  });

  it.each(killPoints)("GIVEN a crash $when $name (step $at) WHEN a new process delivers after the lease expired THEN each part is posted exactly once", async ({ at, when, name }) => {
    const { place, channel, world } = await setUp(3);
    const dead = world.startInstance("bot-dead", { at, when, mode: "crash" });
    void dead.deliver();
    await dead.killed;
    expect(dead.trace.at(-1)).toBe(name);

    await place.passTime(DEFAULT_NOTICE_LEASE_MS);
    const recovered = await world.startInstance("bot-restarted").deliver();
    const again = await world.startInstance("bot-third").deliver();

    const posted = channel.messages.slice(1).map((message) => message.id);
    expect(channel.partCounts(3)).toEqual([1, 1, 1]);
    expect(recovered.outcome).toBe(expectedAfterCrash(cleanTrace, at, when, 3));
    expect((await world.receipt())?.messageIds).toEqual(posted);
    expect(again).toMatchObject({ outcome: "already_notified", receipt: { messageIds: posted } });
  });

  it.each(killPoints)("GIVEN an error $when $name (step $at) WHEN the same process retries at once THEN each part is posted exactly once", async ({ at, when, name }) => {
    const { place, channel, world } = await setUp(3);
    const failing = await world
      .startInstance("bot-a", { at, when, mode: "error" })
      .deliver()
      .catch((error: unknown) => error);

    let retry = await world.startInstance("bot-a").deliver();
    if (name === "claimLease" && when === "after") {
      // The claim took effect but its answer was lost: nothing knows to release it, so it holds until it expires.
      expect(retry).toEqual({ outcome: "claimed_elsewhere", holder: "bot-a" });
      await place.passTime(DEFAULT_NOTICE_LEASE_MS);
      retry = await world.startInstance("bot-a").deliver();
    }

    expect(channel.partCounts(3)).toEqual([1, 1, 1]);
    // A failed release is swallowed (it only delays the next attempt): that run itself succeeded.
    expect(failing instanceof Error).toBe(name !== "releaseLease");
    expect(retry.outcome).toBe(name === "releaseLease" ? "already_notified" : expectedAfterCrash(cleanTrace, at, when, 3));
    expect((await world.receipt())?.messageIds).toEqual(channel.messages.slice(1).map((message) => message.id));
  });
});

describe("deliverJobNotice's beforeDelivery", () => {
  /** Effects in memory, every call traced; one instance, so the lease is always won. */
  function tracedEffects(trace: string[]): NoticeEffects<"channel"> {
    let receipt: NoticeReceipt | undefined;
    return {
      claimLease: () => (trace.push("claimLease"), Promise.resolve({ claimed: true, expiresAt: 0 })),
      releaseLease: () => (trace.push("releaseLease"), Promise.resolve(true)),
      notified: () => (trace.push("notified"), Promise.resolve(receipt)),
      findPosted: () => (trace.push("findPosted"), Promise.resolve([])),
      post: () => (trace.push("post"), Promise.resolve(["m1"])),
      markNotified: (_id, made) => (trace.push("markNotified"), (receipt = made), Promise.resolve()),
      now: () => new Date("2025-03-01T12:00:00.000Z"),
      beforeDelivery: (noticeId) => (trace.push(`beforeDelivery:${noticeId}`), Promise.resolve()),
    };
  }

  it("GIVEN a notice not yet delivered WHEN delivered THEN beforeDelivery runs under the lease before the scan; once notified it never runs again", async () => {
    const trace: string[] = [];
    const effects = tracedEffects(trace);
    await deliverJobNotice({ noticeId: NOTICE, target: "channel" }, effects, { instanceId: "bot-a" });
    await deliverJobNotice({ noticeId: NOTICE, target: "channel" }, effects, { instanceId: "bot-a" });

    expect(trace).toEqual(["notified", "claimLease", "notified", `beforeDelivery:${NOTICE}`, "findPosted", "post", "markNotified", "releaseLease", "notified"]);
  });
});
