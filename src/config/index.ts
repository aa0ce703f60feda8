/** The config layer's public API: the CLI and the bot import from here. */
export { ConfigError } from "./config-error.ts";
export { defaultChatModel, findModel } from "./find-model.ts";
export { findProvider } from "./find-provider.ts";
export { findGuardrail, guardrailAssignedTo } from "./find-guardrail.ts";
export { CONFIG_JSON_SCHEMA_PATH, DEFAULT_CONFIG_PATH, EXAMPLE_CONFIG_PATH } from "./config-file-paths.ts";
export { generateConfigJsonSchema, writeConfigJsonSchema } from "./generate-config-json-schema.ts";
export { configuredStore } from "./configured-store.ts";
export { loadConfig } from "./load-config.ts";
export { isBedrockProvider, type LoadedConfig, parseConfig } from "./parse-config.ts";
export { CONFIG_PATH_VARIABLE, resolveConfigPath } from "./resolve-config-path.ts";
export type { Env } from "./resolve-env-references.ts";
export { summarizeConfig } from "./summarize-config.ts";
export { describeProviderAuth } from "./describe-provider-auth.ts";
export type { UnavailableModel } from "./check-config-references.ts";
export {
  type BatchConfig,
  type BotConfig,
  type ConfigData,
  DEFAULTS,
  type ForeignProviderConfig,
  type GuardrailConfig,
  type ModelConfig,
  type ProviderConfig,
  type ProviderEntry,
  type StorageConfig,
  type ToolToggle,
} from "./schema.ts";
export { renderConfigReference, replaceConfigReference, writeConfigReference } from "./render-config-reference.ts";
