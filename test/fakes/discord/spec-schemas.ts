import type { ZodMiniType } from "zod/mini";
// discord-api-spec's package.json points "types" for `./zod` at the .js file itself, so TypeScript sees an
// untyped module (TS7016). We list the schemas we use below and check at load time that each exists.
// @ts-expect-error -- untyped module, see above
import * as untypedSpec from "discord-api-spec/zod";

/** Discord's official OpenAPI schemas (as zod) that the fake validates requests and its own responses with. */
const SCHEMA_NAMES = [
  // requests
  "MessageCreateRequestSchema",
  "MessageEditRequestPartialSchema",
  "CreateMessageInteractionCallbackRequestSchema",
  "UpdateMessageInteractionCallbackRequestSchema",
  "ApplicationCommandAutocompleteCallbackRequestSchema",
  "ModalInteractionCallbackRequestSchema",
  "IncomingWebhookRequestPartialSchema",
  "IncomingWebhookUpdateRequestPartialSchema",
  "ApplicationCommandUpdateRequestSchema",
  "ApplicationCommandCreateRequestSchema",
  "CreateTextThreadWithMessageRequestSchema",
  "CreateTextThreadWithoutMessageRequestSchema",
  "CreatePrivateChannelRequestSchema",
  // responses
  "GatewayBotResponseSchema",
  "GatewayResponseSchema",
  "ThreadsResponseSchema",
  "UserPIIResponseSchema",
  "UserResponseSchema",
  "PrivateApplicationResponseSchema",
  "MessageResponseSchema",
  "GuildChannelResponseSchema",
  "PrivateChannelResponseSchema",
  "ThreadResponseSchema",
  "CreatedThreadResponseSchema",
  "GuildMemberResponseSchema",
  "GuildRoleResponseSchema",
  "GuildWithCountsResponseSchema",
  "ApplicationCommandResponseSchema",
  "InteractionCallbackResponseSchema",
  "ErrorResponseSchema",
  "RatelimitedResponseSchema",
] as const;

/** Names of the schemas the fake uses. */
export type SpecSchemaName = (typeof SCHEMA_NAMES)[number];

function pickSchemas(module: Record<string, unknown>): Record<SpecSchemaName, ZodMiniType> {
  const picked = {} as Record<SpecSchemaName, ZodMiniType>;
  for (const name of SCHEMA_NAMES) {
    const schema = module[name];
    if (typeof schema !== "object" || schema === null || !("_zod" in schema)) {
      throw new Error(`discord-api-spec/zod has no schema named ${name}; was the package updated?`);
    }
    picked[name] = schema as ZodMiniType;
  }
  return picked;
}

/** The schemas by name. */
export const specSchemas = pickSchemas(untypedSpec as Record<string, unknown>);
