import { ApplicationCommandType, InteractionResponseType, InteractionType, MessageFlags } from "discord-api-types/v10";
import type { APIApplicationCommandOptionChoice, APIModalInteractionResponseCallbackData } from "discord-api-types/v10";
import { messageLimitIssues } from "../bot-limits.ts";
import type { FakeCore } from "../core.ts";
import { DiscordError, ErrorCode, invalidFormBody, type BodyIssue } from "../discord-error.ts";
import { createBotMessage, deleteStoredMessage, editBotMessage, type UploadedFile } from "../message-ops.ts";
import { asJson, messageBody, type Json, type RouteDef, type RouteResult } from "../route.ts";
import { specIssues } from "../spec-issues.ts";
import type { FakeInteraction, StoredMessage } from "../world.ts";

// Interaction callbacks and the interaction webhook (follow-ups, @original).

/** Interaction callback and interaction webhook routes. */
export const interactionRoutes: RouteDef[] = [
  {
    name: "interactions.callback",
    method: "POST",
    path: "/interactions/:interaction/:token/callback",
    auth: false,
    // Discord does not rate limit interaction callbacks (discord.js sends them through its burst handler).
    bucket: null,
    acceptsFiles: true,
    validate: callbackIssues,
    handle: ({ core, params, body, files, query }) => respond(core, params.interaction!, params.token!, asJson(body), files, query.get("with_response") === "true"),
  },
  {
    name: "webhooks.execute",
    method: "POST",
    path: "/webhooks/:app/:token",
    auth: false,
    bucket: "webhook",
    acceptsFiles: true,
    validate: messageBody("IncomingWebhookRequestPartialSchema"),
    // For interaction webhooks `wait` is always true (Discord docs, "Create Followup Message").
    handle: ({ core, params, body, files }) => {
      const interaction = interactionByToken(core, params.app!, params.token!);
      const message = followUp(core, interaction, asJson(body), files);
      return { status: 200, body: core.restMessagePayload(message), schema: "MessageResponseSchema" };
    },
  },
  {
    name: "webhooks.getMessage",
    method: "GET",
    path: "/webhooks/:app/:token/messages/:message",
    auth: false,
    bucket: "webhook",
    handle: ({ core, params }) => {
      const message = webhookMessage(core, interactionByToken(core, params.app!, params.token!), params.message!);
      return { status: 200, body: core.restMessagePayload(message), schema: "MessageResponseSchema" };
    },
  },
  {
    name: "webhooks.editMessage",
    method: "PATCH",
    path: "/webhooks/:app/:token/messages/:message",
    auth: false,
    bucket: "webhook",
    acceptsFiles: true,
    validate: messageBody("IncomingWebhookUpdateRequestPartialSchema"),
    handle: ({ core, params, body, files }) => {
      const message = webhookMessage(core, interactionByToken(core, params.app!, params.token!), params.message!);
      editBotMessage(core, message, asJson(body), files, MessageFlags.Loading);
      return { status: 200, body: core.restMessagePayload(message), schema: "MessageResponseSchema" };
    },
  },
  {
    name: "webhooks.deleteMessage",
    method: "DELETE",
    path: "/webhooks/:app/:token/messages/:message",
    auth: false,
    bucket: "webhook",
    handle: ({ core, params }) => {
      deleteStoredMessage(core, webhookMessage(core, interactionByToken(core, params.app!, params.token!), params.message!));
      return { status: 204 };
    },
  },
];

/** Discord's schema for each callback type, plus the message limits for the ones that carry a message. */
function callbackIssues(body: unknown, files: UploadedFile[]): BodyIssue[] {
  const json = asJson(body);
  const data = asJson(json.data);
  switch (json.type) {
    case InteractionResponseType.ChannelMessageWithSource:
    case InteractionResponseType.DeferredChannelMessageWithSource:
      return withLimits(specIssues("CreateMessageInteractionCallbackRequestSchema", body), data, files);
    case InteractionResponseType.DeferredMessageUpdate:
    case InteractionResponseType.UpdateMessage:
      return withLimits(specIssues("UpdateMessageInteractionCallbackRequestSchema", body), data, files);
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
      return specIssues("ApplicationCommandAutocompleteCallbackRequestSchema", body);
    case InteractionResponseType.Modal:
      return specIssues("ModalInteractionCallbackRequestSchema", body);
    default:
      return [{ path: "type", code: "BASE_TYPE_CHOICES", message: `Interaction callback type ${String(json.type)} is not supported for gateway interactions.` }];
  }
}

/** Schema issues plus the bot limits of the callback's `data`, each path reported once. */
function withLimits(issues: BodyIssue[], data: Json, files: UploadedFile[]): BodyIssue[] {
  const flagged = new Set(issues.map((i) => i.path));
  const limits = messageLimitIssues(data, files.length).map((issue) => ({ ...issue, path: `data.${issue.path}` }));
  return [...issues, ...limits.filter((i) => !flagged.has(i.path))];
}

/** Which callback types each interaction type accepts (Discord docs, "Interaction Response Object"). */
const ALLOWED_CALLBACKS: Record<number, readonly number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.ApplicationCommandAutocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

function respond(core: FakeCore, id: string, token: string, body: Json, files: UploadedFile[], withResponse: boolean): RouteResult {
  const interaction = core.world.interactions.get(id);
  if (!interaction || interaction.token !== token) throw new DiscordError(404, ErrorCode.UnknownInteraction, "Unknown interaction");
  if (interaction.response !== null) throw new DiscordError(400, ErrorCode.InteractionAlreadyAcknowledged, "Interaction has already been acknowledged.");
  if (core.now() - interaction.createdAt > core.options.interactionResponseTimeoutMs) {
    throw new DiscordError(404, ErrorCode.UnknownInteraction, "Unknown interaction");
  }
  const type = Number(body.type) as InteractionResponseType;
  if (!(ALLOWED_CALLBACKS[interaction.type] ?? []).includes(type)) {
    throw invalidFormBody([{ path: "type", code: "INTERACTION_CALLBACK_TYPE_INVALID", message: `Callback type ${type} is not valid for interaction type ${interaction.type}` }]);
  }
  const data = asJson(body.data);
  const channel = core.channelOr404(interaction.channelId);
  const sourceId = "message" in interaction.payload ? interaction.payload.message?.id : undefined;
  const sourceMessage = sourceId === undefined ? undefined : core.world.messages.get(sourceId);
  let message: StoredMessage | undefined;
  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource:
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const deferred = type === InteractionResponseType.DeferredChannelMessageWithSource;
      const ephemeral = typeof data.flags === "number" ? data.flags & MessageFlags.Ephemeral : 0;
      message = createBotMessage(core, channel, deferred ? { flags: ephemeral } : data, deferred ? [] : files, {
        authorId: core.botUser.id,
        type: responseMessageType(interaction),
        webhookId: core.applicationId,
        interactionId: interaction.id,
        extraFlags: deferred ? MessageFlags.Loading : 0,
        allowEmpty: deferred,
      });
      interaction.originalMessageId = message.id;
      break;
    }
    case InteractionResponseType.DeferredMessageUpdate:
      interaction.originalMessageId = sourceMessage?.id ?? null;
      break;
    case InteractionResponseType.UpdateMessage:
      if (!sourceMessage) throw new DiscordError(400, ErrorCode.UnknownMessage, "Unknown Message");
      message = editBotMessage(core, sourceMessage, data, files);
      interaction.originalMessageId = sourceMessage.id;
      break;
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
      interaction.autocompleteChoices = (Array.isArray(data.choices) ? data.choices : []) as APIApplicationCommandOptionChoice[];
      break;
    case InteractionResponseType.Modal:
      interaction.modal = data as unknown as APIModalInteractionResponseCallbackData;
      break;
    case InteractionResponseType.Pong:
    case InteractionResponseType.PremiumRequired:
    case InteractionResponseType.LaunchActivity:
      // Rejected above (ALLOWED_CALLBACKS); listed so a new callback type is a compile error here.
      throw invalidFormBody([{ path: "type", code: "INTERACTION_CALLBACK_TYPE_INVALID", message: `Callback type ${type} is not supported` }]);
  }
  interaction.response = { type, at: core.now(), data: body.data ?? null };
  core.notify();
  if (!withResponse) return { status: 204 };
  const resource = message && (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage) ? { resource: { type, message: core.restMessagePayload(message) } } : {};
  return {
    status: 200,
    schema: "InteractionCallbackResponseSchema",
    body: {
      interaction: {
        id: interaction.id,
        type: interaction.type,
        ...(interaction.originalMessageId === null ? {} : { response_message_id: interaction.originalMessageId }),
        ...(message ? { response_message_loading: (message.flags & MessageFlags.Loading) !== 0, response_message_ephemeral: (message.flags & MessageFlags.Ephemeral) !== 0 } : {}),
      },
      ...resource,
    },
  };
}

/** 20 CHAT_INPUT_COMMAND, 23 CONTEXT_MENU_COMMAND, else 0 (components, modals). */
function responseMessageType(interaction: FakeInteraction): number {
  if (interaction.type !== InteractionType.ApplicationCommand) return 0;
  return "data" in interaction.payload && interaction.payload.data && "type" in interaction.payload.data && interaction.payload.data.type !== ApplicationCommandType.ChatInput ? 23 : 20;
}

/** The interaction behind a webhook token; 401 once the token expired (15 min), as on Discord. */
function interactionByToken(core: FakeCore, applicationId: string, token: string): FakeInteraction {
  const interaction = applicationId === core.applicationId ? [...core.world.interactions.values()].find((i) => i.token === token) : undefined;
  if (!interaction) throw new DiscordError(404, ErrorCode.UnknownWebhook, "Unknown Webhook");
  if (core.now() - interaction.createdAt > core.options.interactionTokenLifetimeMs) {
    throw new DiscordError(401, ErrorCode.InvalidWebhookToken, "Invalid Webhook Token");
  }
  return interaction;
}

/** `@original` or a follow-up of this interaction. */
function webhookMessage(core: FakeCore, interaction: FakeInteraction, id: string): StoredMessage {
  const messageId = id === "@original" ? interaction.originalMessageId : id;
  const owned = messageId !== null && (messageId === interaction.originalMessageId || interaction.followUpMessageIds.includes(messageId));
  const message = owned ? core.world.messages.get(messageId) : undefined;
  if (!message || message.deletedAt !== null) throw new DiscordError(404, ErrorCode.UnknownMessage, "Unknown Message");
  return message;
}

/**
 * A follow-up message. Right after a deferred response (still "is thinking..."), Discord treats a follow-up as an
 * edit of @original for backwards compatibility, keeping the deferral's ephemeral flag (documented as deprecated).
 */
function followUp(core: FakeCore, interaction: FakeInteraction, body: Json, files: UploadedFile[]): StoredMessage {
  if (interaction.response === null) throw new DiscordError(404, ErrorCode.UnknownWebhook, "Unknown Webhook");
  const original = interaction.originalMessageId === null ? undefined : core.world.messages.get(interaction.originalMessageId);
  if (original && original.deletedAt === null && (original.flags & MessageFlags.Loading) !== 0) {
    editBotMessage(core, original, body, files, MessageFlags.Loading);
    interaction.followUpMessageIds.push(original.id);
    return original;
  }
  const message = createBotMessage(core, core.channelOr404(interaction.channelId), body, files, {
    authorId: core.botUser.id,
    type: responseMessageType(interaction),
    webhookId: core.applicationId,
    interactionId: interaction.id,
  });
  interaction.followUpMessageIds.push(message.id);
  return message;
}
