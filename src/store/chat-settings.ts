/**
 * Per-channel and per-guild chat settings (`/model`, `/system`), and how they resolve: channel, then guild, then the
 * `[bot]` section of the config. The repositories behind them live in `src/store/*-repository.ts`.
 */

/** What `/model`, `/system`, `/guardrail` and `/tools` can set for a channel or a guild; unset fields fall through to the next level. */
export interface ChatSettings {
  /** A model `name` from the config. */
  model?: string;
  systemPrompt?: string;
  temperature?: number;
  maxTokens?: number;
  /** `/tools`: MCP servers switched on (true) or off (false) here, by config name; absent ones follow the next level. */
  mcpServers?: Record<string, boolean>;
  /** A service tier (`/model tier:`) over the model's `service_tier`. */
  serviceTier?: "default" | "priority" | "flex";
  /** A `[[guardrails]]` name (`/guardrail`), over the one the config assigns to the place. */
  guardrail?: string;
  /** Citations for documents (`/model citations:`), over the model's `citations`. */
  citations?: boolean;
  /** Who changed it last, and when (ISO), for `/system` view. */
  updatedBy?: string;
  updatedAt?: string;
}

/** The settings in force for one conversation, with where each came from (shown by `/model` and `/system`). */
export interface ResolvedChatSettings {
  model: string;
  systemPrompt: string;
  temperature?: number;
  maxTokens?: number;
  serviceTier?: "default" | "priority" | "flex";
  source: { model: SettingSource; systemPrompt: SettingSource };
}

export type SettingSource = "channel" | "guild" | "config";

export interface ChatSettingsRepository {
  getChannel(channelId: string): Promise<ChatSettings | undefined>;
  getGuild(guildId: string): Promise<ChatSettings | undefined>;
  /** Merges `patch` into the channel's settings; a field set to `undefined` is cleared. */
  updateChannel(channelId: string, patch: ChatSettings): Promise<ChatSettings>;
  updateGuild(guildId: string, patch: ChatSettings): Promise<ChatSettings>;
}

/** One metered model call (chat turn or batch job), the unit `/usage` sums and the spend cap counts. */
export interface UsageRecord {
  /** ISO timestamp. */
  at: string;
  kind: "chat" | "batch";
  userId: string;
  guildId?: string;
  channelId?: string;
  /** Model `name` from the config. */
  model: string;
  /** Every input token, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those read from the prompt cache (absent in records made before caching). */
  cacheReadInputTokens?: number;
  /** Of `inputTokens`, those written to the prompt cache. */
  cacheWriteInputTokens?: number;
  /** What the prompt cache saved, net of the write premium (may be negative). */
  cacheSavedUsd?: number;
  /** The service tier(s) Bedrock said served the calls, e.g. "flex" or "flex+default". */
  serviceTier?: string;
  /** Set false when a tier's prices were not configured: `costUsd` is then an estimate at standard prices. */
  costKnown?: false;
  costUsd: number;
}

export interface UsageRepository {
  record(entry: UsageRecord): Promise<void>;
  /**
   * Records `entry` under the caller's `id` (a batch job's notice id), once: a second call with the same id (a retry,
   * a restart, a re-post) adds no record and no spend, and returns false. Two calls of one process are ordered; two
   * instances must not race on one id (the batch watcher holds a lease while it records).
   */
  recordOnce(id: string, entry: UsageRecord): Promise<boolean>;
  /** Records at or after `since`, optionally only one guild's or one user's. */
  list(filter: { since: Date; guildId?: string; userId?: string }): Promise<UsageRecord[]>;
  /** USD spent by a guild on the UTC day of `now` (for the daily spend cap). */
  spentToday(guildId: string, now: Date): Promise<number>;
}

/**
 * Channel settings win over guild settings, which win over the config. `defaultModel` is `[bot] default_model` or
 * the first chat model; `configSystemPrompt` is `[bot] system_prompt`.
 */
export function resolveChatSettings(
  channel: ChatSettings | undefined,
  guild: ChatSettings | undefined,
  defaults: { defaultModel: string; configSystemPrompt: string },
): ResolvedChatSettings {
  const pick = <K extends "model" | "systemPrompt">(key: K, fallback: string): { value: string; source: SettingSource } => {
    const fromChannel = channel?.[key];
    if (fromChannel !== undefined) return { value: fromChannel, source: "channel" };
    const fromGuild = guild?.[key];
    if (fromGuild !== undefined) return { value: fromGuild, source: "guild" };
    return { value: fallback, source: "config" };
  };
  const model = pick("model", defaults.defaultModel);
  const systemPrompt = pick("systemPrompt", defaults.configSystemPrompt);
  const temperature = channel?.temperature ?? guild?.temperature;
  const maxTokens = channel?.maxTokens ?? guild?.maxTokens;
  const serviceTier = channel?.serviceTier ?? guild?.serviceTier;
  return {
    model: model.value,
    systemPrompt: systemPrompt.value,
    ...(temperature === undefined ? {} : { temperature }),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(serviceTier === undefined ? {} : { serviceTier }),
    source: { model: model.source, systemPrompt: systemPrompt.source },
  };
}
