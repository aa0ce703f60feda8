import { DiscordError, ErrorCode } from "../discord-error.ts";
import { applicationFlags } from "../application-flags.ts";
import type { RouteDef } from "../route.ts";
import { SESSION_START_TOTAL } from "../gateway.ts";
import { userPayload } from "../serialize-guild.ts";

// Gateway discovery, the bot user and its application.

/** Gateway discovery, user and application routes. */
export const metaRoutes: RouteDef[] = [
  {
    name: "gateway.bot",
    method: "GET",
    path: "/gateway/bot",
    auth: true,
    bucket: "default",
    handle: ({ core }) => ({
      status: 200,
      schema: "GatewayBotResponseSchema",
      body: {
        url: core.gatewayUrl,
        shards: core.options.recommendedShards,
        session_start_limit: {
          total: SESSION_START_TOTAL,
          remaining: core.gateway.sessionStartsRemaining,
          reset_after: 86_400_000,
          max_concurrency: core.options.maxConcurrency,
        },
      },
    }),
  },
  {
    name: "gateway",
    method: "GET",
    path: "/gateway",
    auth: false,
    bucket: "default",
    handle: ({ core }) => ({ status: 200, body: { url: core.gatewayUrl }, schema: "GatewayResponseSchema" }),
  },
  {
    name: "users.me",
    method: "GET",
    path: "/users/@me",
    auth: true,
    bucket: "default",
    handle: ({ core }) => ({
      status: 200,
      schema: "UserPIIResponseSchema",
      body: { ...userPayload(core.botUser), mfa_enabled: false, locale: "en-US", verified: true, email: null },
    }),
  },
  {
    name: "users.get",
    method: "GET",
    path: "/users/:user",
    auth: true,
    bucket: "default",
    handle: ({ core, params }) => {
      const user = core.world.users.get(params.user!);
      if (!user) throw new DiscordError(404, ErrorCode.UnknownUser, "Unknown User");
      return { status: 200, schema: "UserResponseSchema", body: userPayload(user) };
    },
  },
  {
    name: "applications.me",
    method: "GET",
    path: "/applications/@me",
    auth: true,
    bucket: "default",
    handle: ({ core }) => {
      const owner = [...core.world.users.values()].find((u) => !u.bot) ?? core.botUser;
      return {
        status: 200,
        schema: "PrivateApplicationResponseSchema",
        body: {
          id: core.applicationId,
          name: core.botUser.username,
          icon: null,
          description: "",
          type: null,
          bot: userPayload(core.botUser),
          bot_public: false,
          bot_require_code_grant: false,
          flags: applicationFlags(core.options.privilegedIntents),
          flags_new: String(applicationFlags(core.options.privilegedIntents)),
          verify_key: "0".repeat(64),
          redirect_uris: [],
          interactions_endpoint_url: null,
          role_connections_verification_url: null,
          owner: userPayload(owner),
          approximate_guild_count: core.world.guilds.size,
          approximate_user_install_count: 0,
          approximate_user_authorization_count: 0,
          explicit_content_filter: 0,
          team: null,
          eligible_oauth2_scopes: [],
          integration_types_config: { "0": {} },
        },
      };
    },
  },
];
