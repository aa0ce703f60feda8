/**
 * Exactly-once completion notices through the bot, with a crash injected into the watcher's notify path: before the
 * post (Discord refuses it) and after the post but before it is recorded (the receipt write throws). The bot is then
 * restarted — new client, new stores on the same storage — and must leave exactly one completion post. On the sqlite
 * file, then on redis (a database of its own; the keys the test created are deleted).
 */
import { describe, expect, it } from "vitest";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { DISCORD_ATTEMPTS, noticesFor, submitQuestions } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

const REDIS_URL = "redis://127.0.0.1:6379/11";

type Crash = "before_post" | "after_post_before_record";

describe.each([
  { storage: "sqlite", url: undefined },
  { storage: "redis", url: REDIS_URL },
])("/batch completion notice with a crash, on $storage", ({ url }) => {
  let kit: BatchBotKit;
  let bot: BatchBot;
  useBatchBotKit({ batch: "confirm = false", ...(url === undefined ? {} : { storageUrl: url }) }, (started) => ({ kit, bot } = started));

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
      const { status } = await submitQuestions(kit);
      await kit.bedrock.batch.settle();
      injectCrash(crash);
      await bot.poll();
      expect(noticesFor(kit, kit.ids.general, status.id)).toHaveLength(crash === "before_post" ? 0 : 1);

      await bot.stop();
      bot = await kit.startBot();
      await bot.poll();
      await bot.poll();

      const notices = noticesFor(kit, kit.ids.general, status.id);
      expect(notices).toHaveLength(1);
      expect(notices[0]?.content).toContain("100 of 100 records succeeded");
    },
  );
});
