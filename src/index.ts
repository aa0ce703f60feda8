/**
 * `bedrock-discord-bot`: AWS Bedrock in a discord.js bot. The plugin API — create it from a config, attach it to your
 * own `Client`, deploy its `commands` your way. The config layer alone is `bedrock-discord-bot/config`; the Converse
 * core without Discord is `bedrock-discord-bot/bedrock`. Nothing else is public.
 */
export { createBedrockPlugin, type BedrockPlugin, type BedrockPluginOptions } from "./bot/create-bedrock-plugin.ts";
export type { BedrockFeatures } from "./bot/plugin-features.ts";
export type { BotObserver, ChatTurnObservation, PollCycleObservation } from "./bot/bot-observer.ts";
export type { StoreLocation } from "./store/store-location.ts";
export type { Logger } from "./create-logger.ts";
export { loadConfig, ConfigError, type LoadedConfig } from "./config/index.ts";
export type { Env } from "./config/index.ts";
export { defineTool, type Tool, type ToolContext } from "./bedrock/index.ts";
export { BedrockError, UserFacingError } from "./bedrock/index.ts";
