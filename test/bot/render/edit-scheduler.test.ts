import { describe, expect, it } from "vitest";
import { createEditScheduler, type EditSchedulerOptions } from "../../../src/bot/render/edit-scheduler.ts";

/** Runs pending promise callbacks (the scheduler reacts to settled sends in `.then`). */
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** A clock that moves only when told, running due timers in time order. */
class ManualClock {
  time = 0;
  private timers: { at: number; seq: number; callback: () => void }[] = [];
  private seq = 0;
  readonly now = () => this.time;
  readonly schedule = (callback: () => void, delayMs: number) => {
    this.timers.push({ at: this.time + Math.max(0, delayMs), seq: (this.seq += 1), callback });
  };

  async advanceTo(target: number): Promise<void> {
    await settle();
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.callback();
      await settle();
    }
    this.time = target;
    await settle();
  }
}

interface Sent {
  id: string;
  payload: string;
  at: number;
}

/** A scheduler whose edits take `latencyMs` on the manual clock, recording each edit as it starts. */
function setup(overrides: Partial<EditSchedulerOptions<string>> & { latencyMs?: number; failing?: Set<string> } = {}) {
  const clock = new ManualClock();
  const sent: Sent[] = [];
  const errors: { id: string; message: string }[] = [];
  const { latencyMs = 0, failing = new Set<string>(), ...options } = overrides;
  const scheduler = createEditScheduler<string>({
    intervalMs: 1000,
    now: clock.now,
    schedule: clock.schedule,
    onError: (id, error) => errors.push({ id, message: (error as Error).message }),
    send: (id, payload) => {
      sent.push({ id, payload, at: clock.time });
      return new Promise<void>((resolve, reject) => {
        const done = () => (failing.has(payload) ? reject(new Error(`edit of ${id} failed`)) : resolve());
        if (latencyMs === 0) done();
        else clock.schedule(done, latencyMs);
      });
    },
    ...options,
  });
  return { clock, sent, errors, scheduler };
}

describe("createEditScheduler", () => {
  it("GIVEN fast updates of one message WHEN scheduled THEN one edit per interval, only the newest content", async () => {
    const { clock, sent, scheduler } = setup();

    scheduler.update("m1", "a");
    await clock.advanceTo(100);
    scheduler.update("m1", "ab");
    await clock.advanceTo(200);
    scheduler.update("m1", "abc");
    await clock.advanceTo(1500);
    scheduler.update("m1", "abcd");
    await clock.advanceTo(5000);

    expect(sent).toEqual([
      { id: "m1", payload: "a", at: 0 },
      { id: "m1", payload: "abc", at: 1000 },
      { id: "m1", payload: "abcd", at: 2000 },
    ]);
    expect(scheduler.pending).toEqual(0);
  });

  it("GIVEN an edit still in flight WHEN the final comes THEN it waits for it, and later updates are ignored", async () => {
    const { clock, sent, scheduler } = setup({ intervalMs: 200, latencyMs: 500 });
    const delivered: number[] = [];

    scheduler.update("m1", "partial");
    await clock.advanceTo(100);
    const final = scheduler.finish("m1", "final").then(() => delivered.push(clock.time));
    scheduler.update("m1", "stale update");
    await clock.advanceTo(3000);
    await final;

    expect(sent).toEqual([
      { id: "m1", payload: "partial", at: 0 },
      { id: "m1", payload: "final", at: 500 },
    ]);
    expect(delivered).toEqual([1000]);
  });

  it("GIVEN a failing update and a failing final WHEN sent THEN the update is reported, the next edit still goes, the final rejects", async () => {
    const { clock, sent, errors, scheduler } = setup({ failing: new Set(["bad", "bad final"]) });

    scheduler.update("m1", "bad");
    await clock.advanceTo(10);
    scheduler.update("m1", "good");
    await clock.advanceTo(1500);
    const final = scheduler.finish("m1", "bad final");
    const outcome = final.then(
      () => "resolved",
      (error: unknown) => (error as Error).message,
    );
    await clock.advanceTo(3000);

    expect(sent.map((edit) => [edit.payload, edit.at])).toEqual([
      ["bad", 0],
      ["good", 1000],
      ["bad final", 2000],
    ]);
    expect(errors).toEqual([{ id: "m1", message: "edit of m1 failed" }]);
    expect(await outcome).toEqual("edit of m1 failed");
  });

  it("GIVEN the global cap is the bottleneck WHEN finals and updates wait THEN finals go first", async () => {
    const { clock, sent, scheduler } = setup({ maxEditsPerSecond: 2 });

    for (const id of ["a", "b"]) scheduler.update(id, `${id}:1`);
    for (const id of ["c", "d"]) scheduler.update(id, `${id}:1`);
    await clock.advanceTo(100);
    void scheduler.finish("e", "e:final");
    await clock.advanceTo(2500);

    expect(sent.map((edit) => [edit.payload, edit.at])).toEqual([
      ["a:1", 0],
      ["b:1", 0],
      ["e:final", 1000],
      ["c:1", 1000],
      ["d:1", 2000],
    ]);
  });

  it("GIVEN 20 replies streaming at once WHEN scheduled THEN per-message interval and global cap hold, content only moves forward, every final lands", async () => {
    const { clock, sent, errors, scheduler } = setup({ intervalMs: 1000, maxEditsPerSecond: 4, latencyMs: 120 });
    const replies = Array.from({ length: 20 }, (_, i) => `reply-${i}`);
    const finished: string[] = [];

    // Each reply streams a new version every 100 ms for 5-10 s, then finishes.
    for (let tick = 0; tick <= 100; tick += 1) {
      await clock.advanceTo(tick * 100);
      for (const [i, id] of replies.entries()) {
        const lastTick = 50 + i * 2;
        if (tick < lastTick) scheduler.update(id, `${id}:${String(tick).padStart(3, "0")}`);
        else if (tick === lastTick) void scheduler.finish(id, `${id}:final`).then(() => finished.push(id));
      }
    }
    await clock.advanceTo(60_000);

    for (const edit of sent) {
      expect(sent.filter((other) => other.at >= edit.at && other.at < edit.at + 1000).length).toBeLessThanOrEqual(4);
    }
    for (const id of replies) {
      const mine = sent.filter((edit) => edit.id === id);
      for (const [index, edit] of mine.entries()) {
        const previous = mine[index - 1];
        if (previous !== undefined) expect(edit.at - previous.at).toBeGreaterThanOrEqual(1000);
      }
      const payloads = mine.map((edit) => edit.payload);
      expect(payloads).toEqual([...payloads].sort()); // ":final" sorts after the ":NNN" versions
      expect(payloads.at(-1)).toEqual(`${id}:final`);
      expect(payloads.length).toBeGreaterThan(1); // streamed, not only finished
    }
    expect([...finished].sort()).toEqual([...replies].sort());
    expect(errors).toEqual([]);
    expect(scheduler.pending).toEqual(0);
  });
});
