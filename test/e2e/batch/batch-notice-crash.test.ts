/**
 * Exactly-once completion notices through the bot, with a crash injected into the watcher's notify path: before the
 * post (Discord refuses it) and after the post but before it is recorded (the receipt write throws). The bot is then
 * restarted — new client, new stores on the same storage — and must leave exactly one completion post. On the sqlite
 * file, then on redis (a database of its own; the keys the test created are deleted).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { questionsCsv } from "../../bedrock/batch/run/batch-run-kit.ts";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { redisKeysCreatedFromNow } from "../redis-keys-created.ts";
import { startBatchBotKit, type BatchBot, type BatchBotKit } from "./batch-bot-kit.ts";

const REDIS_URL = "redis://127.0.0.1:6379/11";
/** discord.js tries a request 1 + 3 times on 5xx before giving up. */
const DISCORD_ATTEMPTS = 4;

type Crash = "before_post" | "after_post_before_record";

describe.each([
  { storage: "sqlite", url: undefined },
  { storage: "redis", url: REDIS_URL },
])("/batch completion notice with a crash, on $storage", ({ url }) => {
  let kit: BatchBotKit;
  let bot: BatchBot;
  let cleanRedis: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    if (url !== undefined) cleanRedis = await redisKeysCreatedFromNow(url);
    kit = await startBatchBotKit({ batch: "confirm = false", ...(url === undefined ? {} : { storageUrl: url }) });
    bot = await kit.startBot();
  });
  afterAll(async () => {
    try {
      await kit.close();
    } finally {
      await cleanRedis?.();
    }
  });

  async function submitQuestions(rows: number): Promise<StoredMessage> {
    const before = kit.bedrock.batch.jobs().length;
    const command = kit.discord.runCommand({
      name: "batch",
      subcommand: "submit",
      channelId: kit.ids.general,
      userId: kit.ids.alice,
      options: { file1: { filename: "questions.csv", bytes: questionsCsv(rows), contentType: "text/csv" }, template: "Answer briefly: {question}", model: "nova-lite" },
    });
    return kit.discord.waitFor(() => {
      const reply = kit.discord.originalResponse(command);
      return reply?.content.includes("⏳ Batch job") === true && kit.bedrock.batch.jobs().length > before ? reply : undefined;
    }, { description: "the status message of a submitted job" });
  }

  const noticesFor = (submissionId: string): StoredMessage[] =>
    kit.discord.messages(kit.ids.general).filter((message) => message.messageReference?.message_id === submissionId && message.embeds.length > 0);

  /** Makes the next notify attempt of the running bot die at `crash`. */
  function injectCrash(crash: Crash): void {
    if (crash === "before_post") {
      kit.discord.inject5xx("POST /channels/:id/messages", DISCORD_ATTEMPTS);
      return;
    }
    const notices = bot.runtime.notices;
    notices.put = () => Promise.reject(new Error("injected: the process dies before recording the notice"));
  }

  it.each<Crash>(["before_post", "after_post_before_record"])(
    "GIVEN a finished job WHEN the notify path crashes %s and the bot restarts THEN exactly one completion post is in the channel",
    async (crash) => {
      const status = await submitQuestions(100);
      await kit.bedrock.batch.settle();
      injectCrash(crash);
      await bot.poll();
      expect(noticesFor(status.id)).toHaveLength(crash === "before_post" ? 0 : 1);

      await bot.stop();
      bot = await kit.startBot();
      await bot.poll();
      await bot.poll();

      const notices = noticesFor(status.id);
      expect(notices).toHaveLength(1);
      expect(notices[0]?.content).toContain("100 of 100 records succeeded");
    },
  );
});
