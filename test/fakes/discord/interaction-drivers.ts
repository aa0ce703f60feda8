import { randomBytes } from "node:crypto";
import { ApplicationCommandOptionType, ApplicationCommandType, ComponentType, InteractionContextType, InteractionType } from "discord-api-types/v10";
import type { APIApplicationCommand, APIApplicationCommandOption, APIInteraction } from "discord-api-types/v10";
import type { FakeCore } from "./core.ts";
import { permissionsIn } from "./permissions.ts";
import { commandsIn } from "./routes/command-routes.ts";
import { channelPayload, memberPayload, rolePayload, userPayload } from "./serialize-guild.ts";
import { attachmentPayload, messagePayload } from "./serialize-message.ts";
import { addAttachment, channelFor, type AttachmentInput } from "./user-drivers.ts";
import type { FakeChannel, FakeInteraction, StoredAttachment, StoredMessage } from "./world.ts";

// What simulated users do with the bot's commands and components: each builds an INTERACTION_CREATE
// payload, records the interaction and dispatches it.

/** An option value: string/number/boolean, a user/channel/role id, or a file for ATTACHMENT options. */
export type OptionValue = string | number | boolean | AttachmentInput | StoredAttachment;

/** A slash command run by a simulated user. */
export interface RunCommandInput {
  name: string;
  channelId: string;
  userId: string;
  /** By option name; converted using the registered command's option types. */
  options?: Record<string, OptionValue>;
  subcommand?: string;
  subcommandGroup?: string;
}

type Json = Record<string, unknown>;

/** A user runs a registered slash command. Throws (a test bug) if the command or an option is unknown. */
export function runCommand(core: FakeCore, input: RunCommandInput): FakeInteraction {
  const channel = channelFor(core, input.channelId);
  const command = findCommand(core, channel, input.userId, input.name, ApplicationCommandType.ChatInput);
  const resolved = newResolved();
  const options = commandOptions(core, channel, command, input, resolved, null);
  return dispatchInteraction(core, channel, input.userId, InteractionType.ApplicationCommand, {
    data: { id: command.id, name: command.name, type: ApplicationCommandType.ChatInput, ...(options.length > 0 ? { options } : {}), ...resolvedField(resolved), ...guildField(command) },
  });
}

/** A user types into an autocomplete option; the bot's choices land in `interaction.autocompleteChoices`. */
export function autocomplete(core: FakeCore, input: RunCommandInput & { focused: string; value: string }): FakeInteraction {
  const channel = channelFor(core, input.channelId);
  const command = findCommand(core, channel, input.userId, input.name, ApplicationCommandType.ChatInput);
  const options = commandOptions(core, channel, command, { ...input, options: { ...input.options, [input.focused]: input.value } }, newResolved(), input.focused);
  return dispatchInteraction(core, channel, input.userId, InteractionType.ApplicationCommandAutocomplete, {
    data: { id: command.id, name: command.name, type: ApplicationCommandType.ChatInput, options, ...guildField(command) },
  });
}

/** A user runs a message (or user) context-menu command on a target. */
export function contextMenu(core: FakeCore, input: { name: string; userId: string; channelId: string; targetMessageId?: string; targetUserId?: string }): FakeInteraction {
  const channel = channelFor(core, input.channelId);
  const onMessage = input.targetMessageId !== undefined;
  const command = findCommand(core, channel, input.userId, input.name, onMessage ? ApplicationCommandType.Message : ApplicationCommandType.User);
  let targetId: string;
  let resolved: Json;
  if (onMessage) {
    const message = core.world.messages.get(input.targetMessageId!);
    if (!message || message.channelId !== channel.id) throw new Error(`contextMenu: no message ${input.targetMessageId!} in ${channel.id}`);
    targetId = message.id;
    // Targets of message commands carry their content even without the MESSAGE_CONTENT intent.
    resolved = { messages: { [message.id]: checkedMessage(core, message) } };
  } else {
    const user = core.world.users.get(input.targetUserId ?? "");
    if (!user) throw new Error(`contextMenu: no user ${input.targetUserId ?? "(none)"}`);
    targetId = user.id;
    const member = channel.guildId ? core.world.member(channel.guildId, user.id) : undefined;
    resolved = { users: { [user.id]: userPayload(user) }, ...(member ? { members: { [user.id]: memberPayload(core.world, member, false) } } : {}) };
  }
  return dispatchInteraction(core, channel, input.userId, InteractionType.ApplicationCommand, {
    data: { id: command.id, name: command.name, type: command.type, target_id: targetId, resolved, ...guildField(command) },
  });
}

/** A user clicks a button on a message. Throws if the message has no enabled button with that custom_id. */
export function clickButton(core: FakeCore, input: { messageId: string; customId: string; userId: string }): FakeInteraction {
  return useComponent(core, input, ComponentType.Button, undefined);
}

/** A user picks values in a select menu. */
export function selectMenu(core: FakeCore, input: { messageId: string; customId: string; userId: string; values: string[] }): FakeInteraction {
  return useComponent(core, input, null, input.values);
}

/** A user submits the modal the bot opened in answer to `from`. `values` by text input custom_id. */
export function submitModal(core: FakeCore, input: { from: FakeInteraction; userId?: string; values: Record<string, string> }): FakeInteraction {
  const modal = input.from.modal;
  if (!modal) throw new Error(`submitModal: interaction ${input.from.id} was not answered with a modal`);
  const channel = channelFor(core, input.from.channelId);
  const rows = (modal.components as unknown as Json[]).map((row) => ({
    type: ComponentType.ActionRow,
    components: ((row.components as Json[] | undefined) ?? []).map((c) => ({ type: c.type, id: c.id, custom_id: c.custom_id, value: input.values[String(c.custom_id)] ?? "" })),
  }));
  const source = "message" in input.from.payload ? { message: input.from.payload.message } : {};
  const submitted = dispatchInteraction(core, channel, input.userId ?? input.from.userId, InteractionType.ModalSubmit, {
    data: { custom_id: modal.custom_id, components: rows },
    ...source,
  });
  submitted.triggeredById = input.from.id;
  return submitted;
}

function useComponent(core: FakeCore, input: { messageId: string; customId: string; userId: string }, wantType: number | null, values: string[] | undefined): FakeInteraction {
  const message = core.world.messages.get(input.messageId);
  if (!message || message.deletedAt !== null) throw new Error(`component: no message ${input.messageId}`);
  const component = findComponent(message.components as unknown as Json[], input.customId);
  if (!component || (wantType !== null && component.type !== wantType) || (wantType === null && component.type === ComponentType.Button)) {
    throw new Error(`component: message ${message.id} has no ${wantType === null ? "select menu" : "button"} with custom_id ${input.customId}`);
  }
  if (component.disabled === true) throw new Error(`component: ${input.customId} is disabled`);
  const channel = channelFor(core, message.channelId);
  return dispatchInteraction(core, channel, input.userId, InteractionType.MessageComponent, {
    data: { custom_id: input.customId, component_type: component.type, ...(values ? { values } : {}) },
    message: checkedMessage(core, message),
  });
}

/** A message as an interaction carries it (full content, regardless of intents), checked against Discord's schema. */
function checkedMessage(core: FakeCore, message: StoredMessage): Record<string, unknown> {
  const payload = messagePayload(core.world, message, core.botUser.id);
  core.checkOwnPayload("MessageResponseSchema", payload, "INTERACTION_CREATE message");
  return payload;
}

function findComponent(components: Json[], customId: string): Json | undefined {
  for (const component of components) {
    if (component.custom_id === customId) return component;
    const nested = [...((component.components as Json[] | undefined) ?? []), ...(component.accessory ? [component.accessory as Json] : [])];
    const found = findComponent(nested, customId);
    if (found) return found;
  }
  return undefined;
}

/**
 * The registered command a user can run here. Throws (the Discord client would not offer it) when it is not
 * registered, not allowed in this context (`contexts`, `dm_permission`) or needs permissions the user lacks
 * (`default_member_permissions`).
 */
function findCommand(core: FakeCore, channel: FakeChannel, userId: string, name: string, type: ApplicationCommandType): APIApplicationCommand {
  const candidates = [...(channel.guildId ? commandsIn(core, channel.guildId) : []), ...commandsIn(core, null)];
  const command = candidates.find((c) => c.name === name && (c.type ?? ApplicationCommandType.ChatInput) === type);
  if (!command) {
    const known = candidates.map((c) => `${c.name} (type ${c.type ?? 1})`).join(", ") || "none";
    throw new Error(`fake Discord: the bot has not registered command "${name}" of type ${type} here (registered: ${known})`);
  }
  const inDm = channel.guildId === null;
  const context = inDm ? InteractionContextType.BotDM : InteractionContextType.Guild;
  if ((command.contexts && !command.contexts.includes(context)) || (inDm && command.dm_permission === false)) {
    throw new Error(`fake Discord: /${name} is not available in ${inDm ? "DMs" : "guilds"}`);
  }
  if (!inDm && command.default_member_permissions !== null && command.default_member_permissions !== undefined) {
    const needed = BigInt(command.default_member_permissions);
    if ((permissionsIn(core.world, channel, userId) & needed) !== needed) throw new Error(`fake Discord: user ${userId} may not use /${name} (default_member_permissions)`);
  }
  return command;
}

interface Resolved {
  users: Json;
  members: Json;
  roles: Json;
  channels: Json;
  attachments: Json;
}
const newResolved = (): Resolved => ({ users: {}, members: {}, roles: {}, channels: {}, attachments: {} });
const resolvedField = (resolved: Resolved): Json => {
  const used = Object.fromEntries(Object.entries(resolved).filter(([, v]) => Object.keys(v as Json).length > 0));
  return Object.keys(used).length > 0 ? { resolved: used } : {};
};
const guildField = (command: APIApplicationCommand): Json => (command.guild_id ? { guild_id: command.guild_id } : {});

/** Converts named option values to the wire shape, checking them against the registered definition. */
function commandOptions(core: FakeCore, channel: FakeChannel, command: APIApplicationCommand, input: RunCommandInput, resolved: Resolved, focused: string | null): Json[] {
  let definitions = command.options ?? [];
  const wrap: { type: number; name: string }[] = [];
  for (const [name, type] of [[input.subcommandGroup, ApplicationCommandOptionType.SubcommandGroup], [input.subcommand, ApplicationCommandOptionType.Subcommand]] as const) {
    if (name === undefined) continue;
    const definition = definitions.find((o) => o.name === name && o.type === type);
    if (!definition || !("options" in definition)) throw new Error(`/${command.name}: no subcommand (group) ${name}`);
    definitions = definition.options ?? [];
    wrap.push({ type, name });
  }
  const values = input.options ?? {};
  for (const name of Object.keys(values)) {
    if (!definitions.some((o) => o.name === name)) throw new Error(`/${command.name}: unknown option ${name}`);
  }
  const options: Json[] = [];
  for (const definition of definitions) {
    const value = values[definition.name];
    if (value === undefined) {
      if ("required" in definition && definition.required === true && focused === null) throw new Error(`/${command.name}: missing required option ${definition.name}`);
      continue;
    }
    options.push(
      definition.name === focused
        ? { name: definition.name, type: definition.type, value: typeof value === "object" ? "" : String(value), focused: true }
        : { name: definition.name, type: definition.type, value: optionValue(core, channel, command.name, definition, value, resolved) },
    );
  }
  return wrap.reduceRight<Json[]>((inner, level) => [{ ...level, options: inner }], options);
}

function optionValue(core: FakeCore, channel: FakeChannel, commandName: string, definition: APIApplicationCommandOption, value: OptionValue, resolved: Resolved): unknown {
  const fail = (why: string): never => {
    throw new Error(`/${commandName} option ${definition.name}: ${why}`);
  };
  switch (definition.type) {
    case ApplicationCommandOptionType.String:
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
    case ApplicationCommandOptionType.Boolean: {
      const expected = definition.type === ApplicationCommandOptionType.String ? "string" : definition.type === ApplicationCommandOptionType.Boolean ? "boolean" : "number";
      if (typeof value !== expected) fail(`expected a ${expected}`);
      const choices = "choices" in definition ? (definition.choices ?? []) : [];
      if (choices.length > 0 && !choices.some((c) => c.value === value)) fail(`${JSON.stringify(value)} is not one of the choices`);
      return value;
    }
    case ApplicationCommandOptionType.Attachment: {
      if (typeof value !== "object") fail("expected a file");
      const attachment = "id" in (value as object) ? (value as StoredAttachment) : addAttachment(core, channel.id, value as AttachmentInput);
      resolved.attachments[attachment.id] = attachmentPayload(attachment);
      return attachment.id;
    }
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Channel: {
      if (typeof value !== "string") fail("expected an id");
      const id = value as string;
      const user = core.world.users.get(id);
      const role = core.world.roles.get(id);
      const target = core.world.channels.get(id);
      if (user && definition.type !== ApplicationCommandOptionType.Role && definition.type !== ApplicationCommandOptionType.Channel) {
        resolved.users[id] = userPayload(user);
        const member = channel.guildId ? core.world.member(channel.guildId, id) : undefined;
        if (member) resolved.members[id] = { ...memberPayload(core.world, member, false), permissions: permissionsIn(core.world, channel, id).toString() };
      } else if (role && definition.type !== ApplicationCommandOptionType.User && definition.type !== ApplicationCommandOptionType.Channel) {
        resolved.roles[id] = rolePayload(role);
      } else if (target && definition.type === ApplicationCommandOptionType.Channel) {
        resolved.channels[id] = { ...channelPayload(core.world, target), permissions: permissionsIn(core.world, target, core.botUser.id).toString() };
      } else {
        fail(`no matching user, role or channel ${id}`);
      }
      return id;
    }
    case ApplicationCommandOptionType.Subcommand:
    case ApplicationCommandOptionType.SubcommandGroup:
      return fail("pass subcommands as `subcommand` / `subcommandGroup`, not as option values");
  }
}

/** Records the interaction and dispatches INTERACTION_CREATE with the fields Discord sends for the channel and user. */
function dispatchInteraction(core: FakeCore, channel: FakeChannel, userId: string, type: InteractionType, fields: Json): FakeInteraction {
  const user = core.world.users.get(userId);
  if (!user) throw new Error(`fake Discord: no user ${userId}`);
  const member = channel.guildId ? core.world.member(channel.guildId, userId) : undefined;
  if (channel.guildId && !member) throw new Error(`fake Discord: ${user.username} is not a member of the channel's guild`);
  const id = core.newId();
  const token = `fake-interaction-${randomBytes(24).toString("base64url")}`;
  const payload = {
    id,
    application_id: core.applicationId,
    type,
    token,
    version: 1,
    ...fields,
    channel_id: channel.id,
    channel: { ...channelPayload(core.world, channel), permissions: permissionsIn(core.world, channel, core.botUser.id).toString() },
    ...(channel.guildId && member
      ? { guild_id: channel.guildId, guild_locale: "en-US", member: { ...memberPayload(core.world, member), permissions: permissionsIn(core.world, channel, userId).toString() }, context: 0 }
      : { user: userPayload(user), context: 1 }),
    app_permissions: permissionsIn(core.world, channel, core.botUser.id).toString(),
    locale: "en-US",
    entitlements: [],
    authorizing_integration_owners: channel.guildId ? { "0": channel.guildId } : { "1": userId },
    attachment_size_limit: core.uploadLimitIn(channel.guildId),
  } as unknown as APIInteraction;
  const interaction: FakeInteraction = {
    id,
    token,
    type,
    channelId: channel.id,
    guildId: channel.guildId,
    userId,
    createdAt: core.now(),
    payload,
    response: null,
    originalMessageId: null,
    followUpMessageIds: [],
    autocompleteChoices: null,
    modal: null,
    triggeredById: null,
  };
  core.world.interactions.set(id, interaction);
  core.dispatchEvent("INTERACTION_CREATE", payload, channel.guildId);
  return interaction;
}
