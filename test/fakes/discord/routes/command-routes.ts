import type { APIApplicationCommand } from "discord-api-types/v10";
import { commandListIssues } from "../command-limits.ts";
import type { FakeCore } from "../core.ts";
import { DiscordError, ErrorCode, type BodyIssue } from "../discord-error.ts";
import { withoutNulls } from "../message-ops.ts";
import { asJson, type Json, type RouteDef } from "../route.ts";
import { specIssues } from "../spec-issues.ts";

// Application commands, global (`guildId` null) and per guild: list, bulk overwrite, create, delete.

/** Application command routes. */
export const commandRoutes: RouteDef[] = [
  ...scopeRoutes("commands.global", "/applications/:app/commands"),
  ...scopeRoutes("commands.guild", "/applications/:app/guilds/:guild/commands"),
];

function scopeRoutes(name: string, base: string): RouteDef[] {
  return [
    {
      name: `${name}.list`,
      method: "GET",
      path: base,
      auth: true,
      bucket: "default",
      handle: ({ core, params }) => ({
        status: 200,
        body: commandsIn(core, scope(core, params)),
        schema: "ApplicationCommandResponseSchema",
        many: true,
      }),
    },
    {
      name: `${name}.overwrite`,
      method: "PUT",
      path: base,
      auth: true,
      bucket: "commands",
      validate: (body) => {
        if (!Array.isArray(body)) return [{ path: "", code: "BASE_TYPE_BAD_TYPE", message: "Must be an array of commands." }];
        const issues: BodyIssue[] = body.flatMap((command, i) =>
          specIssues("ApplicationCommandUpdateRequestSchema", specCompatible(command)).map((issue) => ({ ...issue, path: `${i}.${issue.path}` })),
        );
        return [...issues, ...commandListIssues(body)];
      },
      handle: ({ core, params, body }) => {
        const guildId = scope(core, params);
        const previous = commandsIn(core, guildId);
        for (const command of previous) core.world.commands.delete(command.id);
        const saved = (body as Json[]).map((command) => saveCommand(core, guildId, command, previous));
        core.notify();
        return { status: 200, body: saved, schema: "ApplicationCommandResponseSchema", many: true };
      },
    },
    {
      name: `${name}.create`,
      method: "POST",
      path: base,
      auth: true,
      bucket: "commands",
      validate: (body) => [...specIssues("ApplicationCommandCreateRequestSchema", specCompatible(body)), ...commandListIssues([body])],
      handle: ({ core, params, body }) => {
        const guildId = scope(core, params);
        const json = asJson(body);
        const type = typeof json.type === "number" ? json.type : 1;
        const existing = commandsIn(core, guildId).filter((c) => c.name === json.name && Number(c.type) === type);
        for (const command of existing) core.world.commands.delete(command.id);
        const saved = saveCommand(core, guildId, json, existing);
        core.notify();
        return { status: existing.length > 0 ? 200 : 201, body: saved, schema: "ApplicationCommandResponseSchema" };
      },
    },
    {
      name: `${name}.delete`,
      method: "DELETE",
      path: `${base}/:command`,
      auth: true,
      bucket: "default",
      handle: ({ core, params }) => {
        const guildId = scope(core, params);
        const command = core.world.commands.get(params.command!);
        if (!command || (command.guild_id ?? null) !== guildId) throw new DiscordError(404, ErrorCode.UnknownApplicationCommand, "Unknown application command");
        core.world.commands.delete(command.id);
        return { status: 204 };
      },
    },
  ];
}

/** The guild a route is scoped to (null for global), after checking the application id. */
function scope(core: FakeCore, params: Record<string, string>): string | null {
  if (params.app !== core.applicationId) throw new DiscordError(404, ErrorCode.UnknownApplication, "Unknown Application");
  const guildId = params.guild ?? null;
  if (guildId !== null && !core.world.guilds.has(guildId)) throw new DiscordError(404, ErrorCode.UnknownGuild, "Unknown Guild");
  return guildId;
}

/** Registered commands of a guild, or the global ones (null). */
export function commandsIn(core: FakeCore, guildId: string | null): APIApplicationCommand[] {
  return [...core.world.commands.values()].filter((c) => (c.guild_id ?? null) === guildId);
}

/** Stores a command as Discord returns it; a command that keeps its name and type keeps its id. */
function saveCommand(core: FakeCore, guildId: string | null, body: Json, previous: APIApplicationCommand[]): APIApplicationCommand {
  const type = typeof body.type === "number" ? body.type : 1;
  const id = previous.find((c) => c.name === body.name && Number(c.type) === type)?.id ?? core.newId();
  const permissions = body.default_member_permissions;
  const clean = withoutNulls(body) as Json;
  const command = {
    ...clean,
    id,
    application_id: core.applicationId,
    version: core.newId(),
    type,
    name: String(body.name),
    description: typeof body.description === "string" ? body.description : "",
    default_member_permissions: typeof permissions === "string" || typeof permissions === "number" ? String(permissions) : null,
    ...(guildId === null ? {} : { guild_id: guildId }),
    nsfw: body.nsfw === true,
  } as unknown as APIApplicationCommand;
  core.world.commands.set(id, command);
  return command;
}

/**
 * discord-api-spec types `default_member_permissions` as an integer while Discord documents (and discord.js sends)
 * a string of digits; accept both by validating the string as its number.
 */
function specCompatible(command: unknown): unknown {
  const json = asJson(command);
  const permissions = json.default_member_permissions;
  return typeof permissions === "string" && /^\d+$/.test(permissions) ? { ...json, default_member_permissions: Number(permissions) } : command;
}
