/**
 * One `/batch` rig for a test file (or a `describe`): the kit started before its first test and closed after its last,
 * with one bot on it unless the file starts its own. `use` receives them once they are up; the file keeps them in its
 * own variables (and may replace the bot with a restarted one).
 */
import { afterAll, beforeAll } from "vitest";
import { startBatchBotKit, type BatchBot, type BatchBotKit, type BatchBotKitOptions, type BatchBotOptions } from "./batch-bot-kit.ts";

/** The kit alone, for files whose tests start (and stop) their own bots. */
export function useBatchKit(options: BatchBotKitOptions, use: (kit: BatchBotKit) => unknown): void {
  let kit: BatchBotKit | undefined;
  beforeAll(async () => {
    kit = await startBatchBotKit(options);
    await use(kit);
  });
  afterAll(async () => kit?.close());
}

/** The kit and a bot on it, started with `botOptions` (a function when they need the kit, e.g. its fake Bedrock's clock). */
export function useBatchBotKit(
  options: BatchBotKitOptions,
  use: (started: { kit: BatchBotKit; bot: BatchBot }) => void,
  botOptions: BatchBotOptions | ((kit: BatchBotKit) => BatchBotOptions) = {},
): void {
  useBatchKit(options, async (kit) => use({ kit, bot: await kit.startBot(typeof botOptions === "function" ? botOptions(kit) : botOptions) }));
}
