/**
 * `/batch` and settings across a fleet: `bedrock-bot start` children (the built CLI) holding two shards each of
 * four, on one Redis with the batch work on BullMQ, over 40 guilds of the fake Discord, the fake Bedrock control
 * plane and s3rver. Jobs planned and confirmed in many guilds end with one notice each, whichever process polls;
 * a process killed with SIGKILL is replaced by a successor that waits for its shards' leases, and what the dead one
 * left — a plan awaiting Confirm, a `/model` change, a job still running — is carried on by the fleet.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { shardOfGuild } from "../../fakes/discord/index.ts";
import { runQuestions, planOf, press } from "../batch/batch-e2e-steps.ts";
import { runCommandAndWait } from "../commands/command-kit.ts";
import { startBatchFleet, type BatchFleetRig } from "./start-batch-fleet.ts";
import type { FleetBot } from "./start-fleet-bot.ts";

const GUILDS = 40;
const SHARD_COUNT = 4;
const JOBS = Number(process.env.FLEET_JOBS ?? 20);
const POLL_SECONDS = 5;
/** Short, so a successor gets the dead process's shards soon; long enough that a busy machine renews in time. */
const LEASE_SECONDS = 10;
/** Hang guards on a busy machine, not timings. */
const WAIT_MS = 180_000;
const SETTLE_EVERY_MS = 250;
/** Records per CSV: Bedrock's minimum for a batch job of nova-lite, so each is one job. */
const ROWS = 100;
const HAIKU_ID = "anthropic.claude-3-5-haiku-20241022-v1:0";

let rig: BatchFleetRig;
let processA: FleetBot;

beforeAll(async () => {
  rig = await startBatchFleet({ guilds: GUILDS, shardCount: SHARD_COUNT, pollSeconds: POLL_SECONDS, jobSlots: JOBS + 4, bot: { lease_seconds: LEASE_SECONDS } });
  processA = rig.startBot({ shards: "0,1", shardCount: SHARD_COUNT });
  const processB = rig.startBot({ shards: "2,3", shardCount: SHARD_COUNT });
  await Promise.all([processA.connected(), processB.connected()]);
}, 180_000);

afterAll(async () => {
  await rig?.close();
  rig?.discord.assertNoViolations();
});

const guilds = () => [...rig.discord.world.guilds.values()];
const generalOf = (guild: { name: string }) => rig.discord.channelId("general", guild.name);
const onProcessA = (guild: { id: string }) => shardOfGuild(guild.id, SHARD_COUNT) <= 1;

/** The bot's completion notices in a channel: its messages carrying a results.csv. */
function notices(channelId: string): StoredMessage[] {
  return rig.discord.messages(channelId).filter((m) => m.authorId === rig.discord.botUser.id && m.attachments.some((a) => a.filename === "results.csv"));
}

/** `/batch submit` of a small CSV in `channelId` by alice, Confirm pressed once the plan is up; resolves once the job is at Bedrock. */
async function planAndConfirm(channelId: string): Promise<void> {
  const plan = await planOf(rig, runQuestions(rig, { channelId, model: "nova-lite", rows: ROWS }));
  const jobs = rig.bedrock.batch.jobs().length;
  press(rig, plan, "confirm");
  await rig.discord.waitFor(() => rig.bedrock.batch.jobs().length > jobs, { timeoutMs: WAIT_MS, description: "the confirmed plan's job at Bedrock" });
}

/** Lets every job at the fake run to its end, then waits (writing their outputs as they end) until `done`. */
async function runJobsUntil(done: () => boolean, description: string): Promise<void> {
  await rig.bedrock.advance(10 * 60_000);
  const deadline = Date.now() + WAIT_MS;
  while (!done()) {
    if (Date.now() > deadline) {
      const jobs = rig.bedrock.batch.jobs().map((job) => `${job.jobName} ${job.status}${job.message === undefined ? "" : ` (${job.message})`}`);
      throw new Error(`timed out waiting for ${description}; jobs at Bedrock: ${jobs.join(", ")}`);
    }
    await rig.bedrock.batch.settle();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_EVERY_MS));
  }
}

/**
 * Lets `count` poll intervals pass, so that a duplicate notice (a second cycle, a second worker) would have been
 * posted. Not a timing assertion: a slow machine can only make a duplicate later, never make the check fail falsely.
 */
async function pollIntervalsPass(count: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, count * POLL_SECONDS * 1000));
}

describe("/batch across a fleet of processes", () => {
  it(`GIVEN ${JOBS} jobs planned and confirmed in ${JOBS} guilds on both processes WHEN they end THEN each channel gets its one notice`, async () => {
    const channels = guilds().slice(0, JOBS).map(generalOf);
    expect(new Set(guilds().slice(0, JOBS).map(onProcessA)).size).toBe(2);
    // One after another: each plan waits for its own job, so the fake's job list is read without races.
    for (const channelId of channels) await planAndConfirm(channelId);
    await runJobsUntil(() => channels.every((channelId) => notices(channelId).length > 0), "a notice in every channel");
    await pollIntervalsPass(2);
    expect(channels.map((channelId) => notices(channelId).length)).toEqual(channels.map(() => 1));
  }, WAIT_MS * 2);

  it("GIVEN a plan awaiting Confirm, a /model change and a running job on process A WHEN A is killed (SIGKILL) and a successor waits for its shards THEN the successor takes Confirm and the model, and the job's notice is posted once", async () => {
    const mine = guilds().filter(onProcessA).slice(-3);
    const [planGuild, modelGuild, jobGuild] = [mine[0]!, mine[1]!, mine[2]!];
    await planAndConfirm(generalOf(jobGuild));
    const plan = await planOf(rig, runQuestions(rig, { channelId: generalOf(planGuild), model: "nova-lite", rows: ROWS }));
    const set = await runCommandAndWait(rig.discord, { name: "model", channelId: generalOf(modelGuild), userId: rig.ids.alice, options: { name: "haiku" } });
    expect(set.content).toContain("haiku");

    await processA.kill9();
    const successor = rig.startBot({ shards: "0,1", shardCount: SHARD_COUNT, waitForShards: true });
    expect((await successor.connected()).shards).toEqual([0, 1]);

    // The plan made by the dead process: Confirm reaches the successor, which submits it.
    const jobs = rig.bedrock.batch.jobs().length;
    press(rig, plan, "confirm");
    await rig.discord.waitFor(() => rig.bedrock.batch.jobs().length > jobs, { timeoutMs: WAIT_MS, description: "the job of the plan confirmed on the successor" });

    // The model set through the dead process is the channel's model on the successor.
    const requests = rig.bedrock.requests.length;
    rig.discord.userSays({ channelId: generalOf(modelGuild), authorId: rig.ids.alice, content: "which model?", mentionsBot: true });
    await rig.discord.waitFor(() => rig.bedrock.requests.length > requests, { timeoutMs: WAIT_MS, description: "the successor's Converse request" });
    expect(rig.bedrock.requests.slice(requests).map((request) => request.modelId)).toContain(HAIKU_ID);

    // The job the dead process was watching, and the one confirmed on the successor: one notice each.
    const watched = [generalOf(jobGuild), generalOf(planGuild)];
    await runJobsUntil(() => watched.every((channelId) => notices(channelId).length > 0), "the notices of the dead process's jobs");
    await pollIntervalsPass(2);
    expect(watched.map((channelId) => notices(channelId).length)).toEqual([1, 1]);
  }, WAIT_MS * 3);
});
