/**
 * The parts of the plugin a host can switch on or off, and which commands each answers. A command of a disabled
 * feature is neither in the JSON the host deploys nor answered: its interactions are left to the host.
 */
import { ADD_TO_BATCH_MENU, BATCH_COMMAND } from "./batch/batch-command-definition.ts";
import { COMMAND_NAMES } from "./commands/command-definitions.ts";

export interface BedrockFeatures {
  /** Answers mentions, replies to the bot, DMs and the threads it created; the answer buttons; `/chat`. */
  chat: boolean;
  /** `/model`, `/system`, `/guardrail`, `/usage` and `/tools`: per-channel settings, spend reports, tools and MCP switches. */
  commands: boolean;
  /** `/batch`, the "Add to batch" message menu, and the watcher that posts finished jobs. Needs `[batch] bucket`. */
  batch: boolean;
}

export const ALL_FEATURES = { chat: true, commands: true, batch: true } as const satisfies BedrockFeatures;

const FEATURE_COMMANDS: Readonly<Record<keyof BedrockFeatures, readonly string[]>> = {
  chat: [COMMAND_NAMES.chat],
  commands: [COMMAND_NAMES.model, COMMAND_NAMES.system, COMMAND_NAMES.guardrail, COMMAND_NAMES.usage, COMMAND_NAMES.tools],
  batch: [BATCH_COMMAND, ADD_TO_BATCH_MENU],
};

/** Names of the slash commands and menus the enabled features answer. */
export function commandNamesOf(features: BedrockFeatures): ReadonlySet<string> {
  return new Set((Object.keys(FEATURE_COMMANDS) as (keyof BedrockFeatures)[]).filter((feature) => features[feature]).flatMap((feature) => FEATURE_COMMANDS[feature]));
}
