import type { BotContext } from "../bot-context.ts";
import type { BatchRuntime } from "./batch-runtime-types.ts";

/** What a `/batch` handler gets: the bot's context with its batch runtime known to be there (`requireBatch`). */
export interface BatchCommandContext extends BotContext {
  batch: BatchRuntime;
}
