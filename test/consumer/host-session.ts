/**
 * One run of a host bot from the installed package against the fakes: fake Discord and fake Bedrock, a config file
 * pointing at both, the local redis under a key prefix of this run, and the host process with the env it reads
 * (examples/host-bot/index.js lists it). The steps both hosts go through are here; the test adds its own.
 */
import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { startFakeBedrock } from "../fakes/bedrock/index.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord/index.ts";
import type { StoredMessage } from "../fakes/discord/world.ts";
import { answerFinished, repliesTo } from "../e2e/answer-predicates.ts";
import { harnessConfigToml } from "../e2e/bot-harness.ts";
import type { WatchedProcess } from "../e2e/watched-process.ts";
import { consumerNodeMajor, startHostProcess } from "./host-process.ts";
import { deleteRedisKeys, REDIS_URL } from "../e2e/redis-keys.ts";

/** Starting a process that loads discord.js and the AWS SDK, on a loaded 2-core machine: a hang guard, not a goal. */
const HOST_START_TIMEOUT_MS = 120_000;
const ANSWER_TIMEOUT_MS = 60_000;

export interface HostSession {
  discord: FakeDiscord;
  host: WatchedProcess;
  /** A redis KEYS pattern matching every key of this run. */
  redisPattern: string;
  /** Kills the host if still running, closes the fakes, deletes this run's redis keys and config file. */
  close(): Promise<void>;
}

async function startHostSession(dir: string, script: string): Promise<HostSession> {
  const discord = await startFakeDiscord();
  const bedrock = await startFakeBedrock();
  const run = `consumer-${randomUUID()}`;
  const redisPattern = `${run}:*`;
  const configPath = join(dir, `${run}.toml`);
  writeFileSync(configPath, harnessConfigToml(bedrock.url, discord.cdnHost));
  // Only what the host reads: no AWS credentials or Discord settings of this machine reach it.
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    AWS_EC2_METADATA_DISABLED: "true",
    LOG_LEVEL: "info",
    DISCORD_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.restUrl,
    DISCORD_GUILD_ID: discord.guildId(),
    BEDROCK_CONFIG: configPath,
    BEDROCK_STORE_URL: REDIS_URL,
    BEDROCK_STORE_PREFIX: `${run}:`,
  };
  const host = startHostProcess(script, { cwd: dir, env });
  return {
    discord,
    host,
    redisPattern,
    async close() {
      await host.stop(0); // already ended after a passing test; SIGKILL after a failed one
      await discord.close();
      await bedrock.close();
      await deleteRedisKeys(redisPattern);
      rmSync(configPath, { force: true });
    },
  };
}

/** Runs `use` on a session of this host, closed afterwards whatever happens. */
export async function withHostSession(dir: string, script: string, use: (session: HostSession) => Promise<void>): Promise<void> {
  const session = await startHostSession(dir, script);
  try {
    await use(session);
  } finally {
    await session.close();
  }
}

/** Waits until the host has put exactly these commands in the guild: it is logged in, with the plugin attached. */
export async function waitForDeploy({ discord, host }: HostSession, names: readonly string[]): Promise<void> {
  const deployed = () => discord.commands(discord.guildId()).map((command) => command.name);
  await discord.waitFor(
    () => {
      host.assertRunning();
      return deployed().length > 0;
    },
    { timeoutMs: HOST_START_TIMEOUT_MS, description: "the host to log in and deploy its commands" },
  );
  expect(deployed().sort()).toEqual([...names].sort());
}

/** Bob mentions the bot; the plugin answers with the fake Bedrock's echo. */
export async function mentionIsAnswered({ discord, host }: HostSession): Promise<StoredMessage> {
  const question = discord.userSays({ channelId: discord.channelId("general"), authorId: discord.userId("bob"), content: "are you there?", mentionsBot: true });
  const isAnswer = repliesTo(question.id);
  const answer = await discord.waitFor(
    () => {
      host.assertRunning();
      return discord.messages(question.channelId).find((message) => isAnswer(message) && answerFinished(message));
    },
    { timeoutMs: ANSWER_TIMEOUT_MS, description: "the plugin's answer to the mention" },
  );
  expect(answer.content).toContain("echo: Bob: are you there?");
  return answer;
}

/**
 * SIGTERM: the host detaches the plugin, disconnects and exits 0, having logged no error; on Node 22 and newer the
 * AWS SDK has no Node-version warning to give either.
 */
export async function stopsCleanly({ discord, host }: HostSession): Promise<void> {
  await host.stop();
  expect(await host.exited()).toBe(0);
  expect(errorLines(host.stderr)).toEqual([]);
  if (consumerNodeMajor() >= 22) expect(host.stderr).not.toContain("NodeVersionSupportWarning");
  discord.assertNoViolations();
}

/** pino lines at error level or above, and the hosts' own "... failed" lines. */
function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => {
    if (!line.startsWith("{")) return line.includes("failed");
    return (JSON.parse(line) as { level: number }).level >= 50;
  });
}
