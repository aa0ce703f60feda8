/**
 * How to reach each row of the transition table through the bot as members use it: one recipe drives several rows,
 * and `RECIPE_OF_ROW` says which recipe covers which row. The suite takes its rows from `TRANSITIONS`, so a row added
 * to the table without a recipe here fails it (`crash-coverage.test.ts`).
 *
 * A recipe acts; the scene drives what follows to rest. `expect` is the end state that must hold however the bot
 * died along the way: how many jobs Bedrock has, how many spend records there are, the final states.
 */
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { questionsCsv } from "../../../bedrock/batch/run/batch-run-kit.ts";
import type { StoredMessage } from "../../../fakes/discord/index.ts";
import { buttonId, press } from "../batch-e2e-steps.ts";
import type { CrashScene } from "./crash-scene.ts";

interface CrashExpectation {
  /** Jobs created at the fake Bedrock (each once). */
  jobs: number;
  /** Spend records in the usage log (each once). */
  usage: number;
  /** Final states of every submission, sorted. */
  states: string[];
}

export interface CrashRecipe {
  act(scene: CrashScene): Promise<void>;
  /** The end state; several when where the bot died decides between outcomes that are each right. */
  expect: CrashExpectation | CrashExpectation[];
}

const PAST = "2000-01-01T00:00:00.000Z";

/** `/batch submit` of `rows` questions; resolves with the plan (its buttons) once it is up, and its id. */
async function plan(scene: CrashScene, options: { rows: number; model?: string; policy?: string; channelId?: string; userId?: string; prompt?: string }): Promise<{ message: StoredMessage; id: string }> {
  const { rig } = scene;
  const command = rig.discord.runCommand({
    name: "batch",
    subcommand: "submit",
    channelId: options.channelId ?? rig.ids.general,
    userId: options.userId ?? rig.ids.alice,
    options: {
      file1: { filename: "questions.csv", bytes: questionsCsv(options.rows), contentType: "text/csv" },
      template: options.prompt ?? "Answer briefly: {question}",
      model: options.model ?? "nova-lite",
      ...(options.policy === undefined ? {} : { policy: options.policy }),
    },
  });
  const message = await rig.discord.waitFor(() => {
    const reply = rig.discord.originalResponse(command);
    return reply !== undefined && reply.components.length > 0 ? reply : undefined;
  }, { description: "the plan with its buttons" });
  return { message, id: buttonId(message, "confirm").split(":").at(-1) ?? "" };
}

/**
 * Presses a button until the plan has left `planned`: a press whose bot died before it was stored is pressed again
 * once the bot is back, as the member would.
 */
async function pressUntilMoved(scene: CrashScene, planned: { message: StoredMessage; id: string }, action: "confirm" | "cancel", userId?: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    press(scene.rig, planned.message, action, userId ?? scene.rig.ids.alice);
    await scene.until(async () => (await scene.submission(planned.id))?.state !== "planned", `the plan leaving planned after ${action}`);
    if ((await scene.submission(planned.id))?.state !== "planned") return;
  }
  throw new Error(`plan ${planned.id} never left planned`);
}

/** A submission past `planned` and its effects done, or the bot dead on the way. */
async function settled(scene: CrashScene, id: string, description: string): Promise<void> {
  await scene.until(async () => {
    const submission = await scene.submission(id);
    return submission !== undefined && submission.state !== "planned" && submission.state !== "submitting" && submission.pending.length === 0;
  }, description);
}

async function setPlanDeadline(scene: CrashScene, id: string, at: string): Promise<void> {
  const stored = await scene.submission(id);
  if (stored === undefined) throw new Error(`no submission ${id}`);
  await scene.rig.runtime.submissions.save({ ...stored, expiresAt: at });
}

/** Alice's 30 records waiting in nova-lite's pool (minimum 100); resolves with her submission's id. */
async function aliceWaits(scene: CrashScene): Promise<string> {
  const planned = await plan(scene, { rows: 30, policy: "wait" });
  await pressUntilMoved(scene, planned, "confirm");
  await settled(scene, planned.id, "alice's records in the pool");
  return planned.id;
}

function poolKey(scene: CrashScene): string {
  return `guild:${scene.rig.ids.guild}:nova-lite`;
}

export const RECIPES = {
  /** Confirm -> one job -> it ends -> one notice. */
  batchJob: {
    async act(scene) {
      const planned = await plan(scene, { rows: 100 });
      await pressUntilMoved(scene, planned, "confirm");
      await settled(scene, planned.id, "the job at Bedrock");
    },
    expect: { jobs: 1, usage: 1, states: ["notified"] },
  },
  /** Confirm pressed after the plan's day is over. */
  lapsedConfirm: {
    async act(scene) {
      const planned = await plan(scene, { rows: 100 });
      await setPlanDeadline(scene, planned.id, PAST);
      await pressUntilMoved(scene, planned, "confirm");
      await settled(scene, planned.id, "the expired plan's records deleted");
    },
    expect: { jobs: 0, usage: 0, states: ["expired"] },
  },
  cancel: {
    async act(scene) {
      const planned = await plan(scene, { rows: 100 });
      await pressUntilMoved(scene, planned, "cancel");
      await settled(scene, planned.id, "the cancelled plan's records deleted");
    },
    expect: { jobs: 0, usage: 0, states: ["cancelled"] },
  },
  /** Nobody confirms; the watcher lets the plan expire. */
  unconfirmed: {
    async act(scene) {
      const planned = await plan(scene, { rows: 100 });
      await setPlanDeadline(scene, planned.id, PAST);
    },
    expect: { jobs: 0, usage: 0, states: ["expired"] },
  },
  /** The server spent its day's cap while the plan waited: Confirm is refused. */
  overCap: {
    async act(scene) {
      const planned = await plan(scene, { rows: 100 });
      const { rig } = scene;
      await rig.usage.record({ kind: "chat", userId: rig.ids.bob, guildId: rig.ids.guild, channelId: rig.ids.general, at: new Date().toISOString(), model: "nova-lite", inputTokens: 1, outputTokens: 1, costUsd: 5 });
      await pressUntilMoved(scene, planned, "confirm");
      await settled(scene, planned.id, "the refused plan's records deleted");
    },
    expect: { jobs: 0, usage: 1, states: ["rejected"] },
  },
  /** Too few records for a batch job, answered on demand in the reply. */
  onDemand: {
    async act(scene) {
      const planned = await plan(scene, { rows: 2, policy: "on_demand" });
      await pressUntilMoved(scene, planned, "confirm");
      await settled(scene, planned.id, "the on-demand answer");
    },
    expect: { jobs: 0, usage: 1, states: ["notified"] },
  },
  /**
   * A busy pool (another instance holds it) refuses the submission. A bot killed before it stored the refusal tries
   * the submission again after its restart; if the pool is free by then, the records wait in it instead, and the
   * pool's deadline (set past here) answers them on demand: both ends are right, neither may lose or repeat anything.
   */
  busyPool: {
    async act(scene) {
      const { rig } = scene;
      const planned = await plan(scene, { rows: 30, policy: "wait" });
      const lease = `pool:${poolKey(scene)}`;
      await rig.runtime.leases.claimLease(lease, "another-instance", 120_000);
      try {
        await pressUntilMoved(scene, planned, "confirm");
        await settled(scene, planned.id, "the refusal");
      } finally {
        await rig.runtime.leases.releaseLease(lease, "another-instance");
      }
      await settled(scene, planned.id, "the submission after a retry");
      if ((await scene.submission(planned.id))?.state === "held") {
        await rig.runtime.pools.update(poolKey(scene), (pool) => ({ pool: { ...pool!, deadline: PAST }, result: undefined }));
      }
    },
    expect: [
      { jobs: 0, usage: 0, states: ["rejected"] },
      { jobs: 0, usage: 1, states: ["notified"] },
    ],
  },
  /** Alice waits in the pool; its deadline passes; her records are answered on demand. */
  poolDeadline: {
    async act(scene) {
      await aliceWaits(scene);
      await scene.rig.runtime.pools.update(poolKey(scene), (pool) => ({ pool: { ...pool!, deadline: PAST }, result: undefined }));
    },
    expect: { jobs: 0, usage: 1, states: ["notified"] },
  },
  /** Alice waits; bob's records fill the pool: one job for both, each told with their own rows. */
  poolFilled: {
    async act(scene) {
      await aliceWaits(scene);
      const bobs = await plan(scene, { rows: 80, policy: "wait", userId: scene.rig.ids.bob });
      await pressUntilMoved(scene, bobs, "confirm", scene.rig.ids.bob);
      await settled(scene, bobs.id, "bob's records in the pooled job");
    },
    expect: { jobs: 1, usage: 2, states: ["notified", "notified"] },
  },
  /** Alice waits, then withdraws. */
  withdraw: {
    async act(scene) {
      const id = await aliceWaits(scene);
      const { rig } = scene;
      for (let attempt = 0; attempt < 3; attempt++) {
        rig.discord.runCommand({ name: "batch", subcommand: "cancel", channelId: rig.ids.general, userId: rig.ids.alice, options: { job: id } });
        await scene.until(async () => (await scene.submission(id))?.state === "cancelled", "the withdrawal");
        if ((await scene.submission(id))?.state === "cancelled") return;
      }
    },
    expect: { jobs: 0, usage: 0, states: ["cancelled"] },
  },
  /**
   * 8 records on a model of at most 5 per job: two jobs, two notices. The fake, as Bedrock, fails a job of fewer than
   * 100 records, so both notices report a failure and nothing is billed.
   */
  twoJobs: {
    async act(scene) {
      const planned = await plan(scene, { rows: 8, model: "nova-lite-tiny" });
      await pressUntilMoved(scene, planned, "confirm");
      await settled(scene, planned.id, "the jobs at Bedrock");
    },
    expect: { jobs: 2, usage: 0, states: ["notified"] },
  },
  /** The channel is deleted and alice's DMs are closed: the notice cannot be delivered. */
  undeliverable: {
    async act(scene) {
      const { rig } = scene;
      const planned = await plan(scene, { rows: 100, channelId: rig.ids.random });
      await pressUntilMoved(scene, planned, "confirm");
      await settled(scene, planned.id, "the job at Bedrock");
      rig.discord.deleteChannel(rig.ids.random);
      rig.discord.closeDms(rig.ids.alice);
    },
    expect: { jobs: 1, usage: 1, states: ["undeliverable"] },
  },
  /** `bedrock-bot batch submit` of 2 records: answered on demand by the CLI. */
  cliOnDemand: {
    async act(scene) {
      await cliSubmit(scene, 2, "on_demand");
    },
    expect: { jobs: 0, usage: 0, states: ["finished"] },
  },
  /** `bedrock-bot batch submit` of 100 records: a job the bot's watcher sees to its end. */
  cliBatch: {
    async act(scene) {
      await cliSubmit(scene, 100, "reject");
    },
    expect: { jobs: 1, usage: 0, states: ["finished"] },
  },
} satisfies Record<string, CrashRecipe>;

async function cliSubmit(scene: CrashScene, rows: number, policy: string): Promise<void> {
  const file = join(dirname(scene.rig.configPath), `cli-${rows}.csv`);
  await writeFile(file, questionsCsv(rows));
  const run = await scene.rig.runCli(["batch", "submit", file, "--model", "nova-lite", "--template", "Answer briefly: {question}", "--policy", policy, "--out", join(dirname(file), "cli-out")], scene.armed);
  if (run.output.includes("bdb-kill-point ")) scene.markKilled();
  else if (run.code !== 0) throw new Error(`batch submit failed (${String(run.code)}):\n${run.output}`);
}

export type RecipeName = keyof typeof RECIPES;

/** The recipe that reaches each row of the table (by `rowKey`). */
export const RECIPE_OF_ROW: Record<string, RecipeName> = {
  "planned--confirm[plan_open]->submitting": "batchJob",
  "planned--confirm[plan_lapsed]->expired": "lapsedConfirm",
  "planned--cancel->cancelled": "cancel",
  "planned--plan_expired->expired": "unconfirmed",
  "planned--refused->rejected": "overCap",
  "submitting--jobs_created->running": "batchJob",
  "submitting--answered[owned]->notified": "onDemand",
  "submitting--answered[unowned]->finished": "cliOnDemand",
  "submitting--pooled->held": "poolDeadline",
  "submitting--pool_filled->running": "poolFilled",
  "submitting--refused->rejected": "busyPool",
  "held--pool_filled->running": "poolFilled",
  "held--pool_expired->notified": "poolDeadline",
  "held--withdrawn->cancelled": "withdraw",
  "running--jobs_ended[owned]->ended": "batchJob",
  "running--jobs_ended[unowned]->finished": "cliBatch",
  "ended--notice_done[notices_outstanding]->ended": "twoJobs",
  "ended--notice_done[notices_delivered]->notified": "batchJob",
  "ended--notice_done[notice_undeliverable]->undeliverable": "undeliverable",
};
