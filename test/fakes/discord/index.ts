// The fake Discord's public surface; see README.md.
export { startFakeDiscord } from "./start-fake-discord.ts";
export type { FakeDiscord } from "./fake-discord.ts";
export type { FakeDiscordOptions } from "./options.ts";
export { DEFAULT_OPTIONS } from "./options.ts";
export { shardOfGuild } from "./shards.ts";
export { createManualClock, type ManualClock } from "./manual-clock.ts";
export { DEFAULT_GUILDS, numberedGuilds, type GuildSeed } from "./seed-world.ts";
export { DEFAULT_RATE_LIMITS, type BucketName, type BucketRule } from "./rate-limits.ts";
export type { RouteMatcher, RequestInfo } from "./faults.ts";
export type { Violation, ErrorRecord, RequestRecord, FakeStats } from "./core.ts";
export type { UserMessageInput, AttachmentInput } from "./user-drivers.ts";
export type { RunCommandInput, OptionValue } from "./interaction-drivers.ts";
export type { PermissionName } from "./permissions.ts";
export type { WaitOptions } from "./wait-for.ts";
export type { FakeChannel, FakeInteraction, FakeUser, StoredAttachment, StoredMessage, MessageVersion, MessagePings, World } from "./world.ts";
