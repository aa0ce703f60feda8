/** Looking up usable models by the names the rest of the file and the commands use. */
import type { LoadedConfig } from "./parse-config.ts";
import type { ModelConfig } from "./schema.ts";

/** A usable model by name; undefined for unknown and unavailable ones. */
export function findModel(config: LoadedConfig, name: string): ModelConfig | undefined {
  return config.models.find((model) => model.name === name);
}

/** `[bot] default_model` (validated to be a usable chat model), else the first usable chat model. */
export function defaultChatModel(config: LoadedConfig): ModelConfig | undefined {
  const name = config.data.bot.default_model;
  const chosen = name === undefined ? undefined : findModel(config, name);
  return chosen?.kind === "chat" ? chosen : config.models.find((model) => model.kind === "chat");
}
