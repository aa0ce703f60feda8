/**
 * One crash scenario: a recipe acts through the fake Discord (and the CLI) against a bot armed to SIGKILL itself at
 * one kill point; a bot that died is started again (unarmed, its leases let lapse) and the recipe carries on as a
 * member would (pressing a button again that never answered). Then the scene is driven to rest — jobs finished at the
 * fake, the bot restarted so its watcher's first cycle runs — until no submission is open.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Submission } from "../../../../src/bedrock/batch/lifecycle/submission.ts";
import type { BotProcess, CrashRig } from "./crash-rig.ts";

/** Hang guard for a wait on the store or Discord on a busy machine. */
const WAIT_MS = 60_000;
/** Rounds of "finish the jobs, restart, one cycle" before the scene must be at rest. */
const MAX_ROUNDS = 8;

export class CrashScene {
  #bot: BotProcess;
  #killed = false;

  constructor(
    readonly rig: CrashRig,
    readonly killAt: string,
    first: BotProcess,
  ) {
    this.#bot = first;
  }

  static async start(rig: CrashRig, killAt: string): Promise<CrashScene> {
    return new CrashScene(rig, killAt, await rig.startBot(killAt));
  }

  /** Whether the armed kill point was reached (by the bot or the CLI). */
  get killed(): boolean {
    return this.#killed || this.#bot.killed();
  }

  /** Notes a kill seen elsewhere (the CLI). */
  markKilled(): void {
    this.#killed = true;
  }

  /** The kill point stays armed until it was reached once. */
  get armed(): string | undefined {
    return this.killed ? undefined : this.killAt;
  }

  /** After a death: leases lapse, the bot comes back (armed only if the kill is still to come). */
  async revive(): Promise<void> {
    if (!this.#bot.dead()) return;
    if (!this.#bot.killed()) throw new Error(`the bot died without reaching its kill point:\n${this.#bot.process.output.slice(-4000)}`);
    this.#killed = true;
    await this.rig.expireLeases();
    this.#bot = await this.rig.startBot(this.armed);
    await this.revive();
  }

  /** Waits for `done` (checked on the store or the fakes), or for the bot to die; then revives it. */
  async until(done: () => boolean | Promise<boolean>, description: string): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!(await done())) {
      if (this.#bot.dead()) {
        await this.revive();
        return;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}\n${this.#bot.process.output.slice(-3000)}`);
      await sleep(50);
    }
  }

  async submission(id: string): Promise<Submission | undefined> {
    return this.rig.runtime.submissions.get(id);
  }

  /** Restarts the bot until every submission is in a final state; its first watcher cycle does the work. */
  async driveToRest(): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (this.killed && (await this.rig.runtime.submissions.open()).length === 0) return;
      await this.rig.bedrock.batch.settle();
      if (this.#bot.dead()) await this.revive();
      else {
        // A stop may cut a turn short as a crash would: its leases lapse before the next bot starts.
        await this.#bot.process.stop();
        await this.rig.expireLeases();
        this.#bot = await this.rig.startBot(this.armed);
      }
      const started = this.#bot;
      await Promise.race([started.process.waitFor(/"msg":"batch cycle done"/, { timeoutMs: WAIT_MS, description: "the watcher's first cycle" }), started.process.exited()]).catch((error: unknown) => {
        if (!started.dead()) throw error;
      });
      if (started.dead()) await this.revive();
    }
    const open = await this.rig.runtime.submissions.open();
    if (!this.killed) throw new Error(`the kill point ${this.killAt} was never reached`);
    throw new Error(`still open after ${MAX_ROUNDS} rounds: ${JSON.stringify(open.map((each) => [each.id, each.state, each.pending]))}`);
  }

  async stop(): Promise<void> {
    await this.#bot.process.stop(2_000);
  }
}
