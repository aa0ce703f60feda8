/**
 * The Discord side, through the bot token's REST API: the token is valid, which application it belongs to, the
 * privileged intents the bot will ask for are enabled for it (application flags), the slash commands registered are
 * the ones this version deploys, and the bot's permissions in the channels the config names.
 */
import { ApplicationFlags, ChannelType, DiscordAPIError, Routes, type APIApplication, type APIChannel, type APIGuild, type APIGuildMember, type APIUser, type REST } from "discord.js";
import { commandDefinitions } from "../../bot/commands/command-definitions.ts";
import { fail, ok, warn, type CheckResult } from "../check-result.ts";
import { computeChannelPermissions, missingPermissions } from "./channel-permissions.ts";
import { diffCommands, type CommandLike } from "./diff-commands.ts";

export interface DiscordCheckInput {
  rest: REST;
  /** DISCORD_MESSAGE_CONTENT=1: the bot will ask for the privileged Message Content intent. */
  messageContent: boolean;
  /** Channels named in the config (`[bot] allow_channels`). */
  channelIds: readonly string[];
  /** `--guild`: compare that guild's commands instead of the global ones. */
  guildId?: string;
}

const TOKEN_FIX = "Developer Portal → your application → Bot → Reset Token, then put it in .env as DISCORD_TOKEN";

export async function checkDiscord(input: DiscordCheckInput): Promise<CheckResult[]> {
  const { rest } = input;
  let user: APIUser;
  try {
    user = (await rest.get(Routes.user())) as APIUser;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) return [fail("discord.token", "DISCORD_TOKEN", "Discord rejected the bot token (401)", TOKEN_FIX)];
    return [fail("discord.token", "DISCORD_TOKEN", `cannot reach Discord: ${error instanceof Error ? error.message : String(error)}`, "check the network, or DISCORD_API_URL if set")];
  }
  const results = [ok("discord.token", "DISCORD_TOKEN", `valid: bot user ${user.username} (${user.id})`)];
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  results.push(ok("discord.application", application.id, `application "${application.name}"`));
  results.push(intentResult(application, input.messageContent));
  results.push(await commandsResult(rest, application.id, input.guildId));
  for (const channelId of input.channelIds) results.push(await channelResult(rest, channelId, user.id));
  return results;
}

function intentResult(application: APIApplication, messageContent: boolean): CheckResult {
  const flags = application.flags ?? 0;
  const enabled = (flags & (ApplicationFlags.GatewayMessageContent | ApplicationFlags.GatewayMessageContentLimited)) !== 0;
  if (messageContent && !enabled) {
    return fail(
      "discord.intents",
      application.id,
      "DISCORD_MESSAGE_CONTENT=1 asks for the Message Content intent, which is not enabled for the application (Discord closes the login with 4014)",
      "Developer Portal → Bot → Privileged Gateway Intents → Message Content, or unset DISCORD_MESSAGE_CONTENT",
    );
  }
  if (messageContent) return ok("discord.intents", application.id, "Guilds, GuildMessages, DirectMessages and Message Content (enabled for the application)");
  return ok("discord.intents", application.id, `Guilds, GuildMessages, DirectMessages (no privileged intent asked for${enabled ? "; Message Content is enabled in the portal, DISCORD_MESSAGE_CONTENT=1 would use it" : ""})`);
}

async function commandsResult(rest: REST, applicationId: string, guildId: string | undefined): Promise<CheckResult> {
  const where = guildId === undefined ? "global" : `guild ${guildId}`;
  const route = guildId === undefined ? Routes.applicationCommands(applicationId) : Routes.applicationGuildCommands(applicationId, guildId);
  const registered = (await rest.get(route)) as CommandLike[];
  const deploy = `run \`bedrock-bot commands deploy${guildId === undefined ? "" : ` --guild ${guildId}`}\``;
  if (registered.length === 0) return fail("discord.commands", where, "no slash commands are registered", deploy);
  const differences = diffCommands(commandDefinitions() as unknown as CommandLike[], registered);
  if (differences.length > 0) return warn("discord.commands", where, `registered commands differ from this version's: ${differences.join("; ")}`, deploy);
  return ok("discord.commands", where, `${registered.length} commands registered, identical to this version's`);
}

async function channelResult(rest: REST, channelId: string, botId: string): Promise<CheckResult> {
  const check = "discord.channel";
  let channel: APIChannel;
  try {
    channel = (await rest.get(Routes.channel(channelId))) as APIChannel;
  } catch (error) {
    const status = error instanceof DiscordAPIError ? error.status : 0;
    return fail(check, channelId, `the bot cannot see this channel (${status === 404 ? "unknown channel" : `HTTP ${status}`})`, "check the id in [bot] allow_channels, and that the bot is in that server with View Channel there");
  }
  if (!("guild_id" in channel) || channel.guild_id === undefined) return ok(check, channelId, "a DM channel: no permissions to check");
  const guildId = channel.guild_id;
  const isThread = channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread || channel.type === ChannelType.AnnouncementThread;
  const parentId = "parent_id" in channel ? channel.parent_id : null;
  const source = isThread && parentId ? ((await rest.get(Routes.channel(parentId))) as APIChannel) : channel;
  const guild = (await rest.get(Routes.guild(guildId))) as APIGuild;
  const member = (await rest.get(Routes.guildMember(guildId, botId))) as APIGuildMember;
  const permissions = computeChannelPermissions({
    guildId,
    ownerId: guild.owner_id,
    userId: botId,
    roles: guild.roles,
    memberRoleIds: member.roles,
    overwrites: "permission_overwrites" in source ? (source.permission_overwrites ?? []) : [],
  });
  const name = "name" in channel && channel.name ? `#${channel.name}` : channelId;
  const missing = missingPermissions(permissions);
  if (missing.length > 0) return fail(check, channelId, `the bot lacks ${missing.join(", ")} in ${name}`, "grant them to the bot's role in that channel (Edit Channel → Permissions), or re-invite it with them (README \"Discord setup\")");
  return ok(check, channelId, `the bot may answer and post results in ${name}`);
}
