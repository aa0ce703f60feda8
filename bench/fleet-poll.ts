/**
 * fleet_poll: Bedrock control-plane calls per poll interval of a fleet of 1, 2 and 4 bot processes (the built CLI,
 * `bedrock-bot start --shards …`, four shards split between them) on one Redis, with `--open` submissions running,
 * each with a real job InProgress at the fake Bedrock (its clock stands still, so they stay so). The poll cycle is
 * one BullMQ job scheduler for the fleet: the calls per interval must not grow with the processes. Each layout runs
 * `--intervals` poll intervals of real time, counted at the fake, after every process connected and two intervals
 * more (each process polls once as it starts).
 *
 * `node bin/run-ts.js bench/fleet-poll.ts [--open 100] [--intervals 6] [--poll-seconds 5]` (prints JSON;
 * `npm run build` first).
 */
import { startBatchFleet } from "../test/e2e/fleet/start-batch-fleet.ts";
import { isMain, numberFlag } from "./is-main.ts";
import { createRunningSubmissions } from "./poll-cycle.ts";

const SHARD_COUNT = 4;
const LAYOUTS: readonly (readonly number[][])[] = [[[0, 1, 2, 3]], [[0, 1], [2, 3]], [[0], [1], [2], [3]]];
const WARM_UP_INTERVALS = 2;
const CONTROL_OPERATIONS = new Set(["ListModelInvocationJobs", "GetModelInvocationJob"]);

interface LayoutFigures {
  processes: number;
  controlCallsPerInterval: number;
  listCallsPerInterval: number;
  getCallsPerInterval: number;
}

export async function benchFleetPoll(opts: { open: number; intervals: number; pollSeconds: number }): Promise<Record<string, unknown>> {
  const rig = await startBatchFleet({ guilds: 8, shardCount: SHARD_COUNT, pollSeconds: opts.pollSeconds, jobSlots: opts.open });
  try {
    await createRunningSubmissions(rig.runtime, rig.config, rig.bedrock, opts.open);
    const layouts: LayoutFigures[] = [];
    for (const layout of LAYOUTS) {
      const bots = layout.map((shards) => rig.startBot({ shards: shards.join(","), shardCount: SHARD_COUNT, waitForShards: true }));
      await Promise.all(bots.map((bot) => bot.connected()));
      // Each process polls once as it starts (to resume what it may have left): the steady state comes after.
      await new Promise((resolve) => setTimeout(resolve, WARM_UP_INTERVALS * opts.pollSeconds * 1000));
      const before = rig.bedrock.batch.requests.length;
      await new Promise((resolve) => setTimeout(resolve, opts.intervals * opts.pollSeconds * 1000));
      const calls = rig.bedrock.batch.requests.slice(before).filter((request) => CONTROL_OPERATIONS.has(request.operation));
      const per = (operation?: string) => Math.round((calls.filter((call) => operation === undefined || call.operation === operation).length / opts.intervals) * 100) / 100;
      layouts.push({ processes: layout.length, controlCallsPerInterval: per(), listCallsPerInterval: per("ListModelInvocationJobs"), getCallsPerInterval: per("GetModelInvocationJob") });
      // Stopped gracefully: their shard leases are released for the next layout.
      await Promise.all(bots.map((bot) => bot.process.stop(10_000)));
    }
    const base = layouts[0]!.controlCallsPerInterval;
    return {
      open: opts.open,
      pollSeconds: opts.pollSeconds,
      intervals: opts.intervals,
      layouts,
      // 1.0 = the fleet polls as one process does, whatever its size.
      ratios: Object.fromEntries(layouts.map((figures) => [`${figures.processes}_processes`, Math.round((figures.controlCallsPerInterval / base) * 100) / 100])),
    };
  } finally {
    await rig.close();
  }
}

if (isMain(import.meta.url)) {
  const result = await benchFleetPoll({ open: numberFlag("--open", 100), intervals: numberFlag("--intervals", 6), pollSeconds: numberFlag("--poll-seconds", 5) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
