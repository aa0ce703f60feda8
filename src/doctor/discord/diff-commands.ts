/**
 * Whether the commands Discord has registered are the ones this version deploys: each local definition compared with
 * the registered command of the same name and type, on the fields the definition sets (Discord adds ids, versions
 * and defaults of its own). Pure; the result is a list of human-readable differences.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values Discord fills in when a definition leaves them out. */
const DEFAULTS: Record<string, Json> = { required: false, autocomplete: false, nsfw: false, dm_permission: true, default_member_permissions: null };

export interface CommandLike {
  name: string;
  type?: number;
  [key: string]: unknown;
}

export function diffCommands(local: readonly CommandLike[], registered: readonly CommandLike[]): string[] {
  const key = (command: CommandLike) => `${command.type ?? 1}:${command.name}`;
  const label = (command: CommandLike) => ((command.type ?? 1) === 1 ? `/${command.name}` : `"${command.name}"`);
  const remote = new Map(registered.map((command) => [key(command), command]));
  const differences: string[] = [];
  for (const command of local) {
    const found = remote.get(key(command));
    remote.delete(key(command));
    if (found === undefined) {
      differences.push(`${label(command)} is not registered`);
      continue;
    }
    const path = firstDifference(command as Json, found as Json, "");
    if (path !== undefined) differences.push(`${label(command)} differs at ${path}`);
  }
  for (const extra of remote.values()) differences.push(`${label(extra)} is registered but not deployed by this version`);
  return differences;
}

/** The first path where `remote` does not carry what `local` says (keys local leaves out are ignored). */
function firstDifference(local: Json, remote: Json | undefined, path: string): string | undefined {
  if (Array.isArray(local)) {
    if (!Array.isArray(remote) || remote.length !== local.length) return path || "(list)";
    for (const [index, item] of local.entries()) {
      const inner = firstDifference(item, remote[index], `${path}[${index}]`);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  if (local !== null && typeof local === "object") {
    if (remote === null || typeof remote !== "object" || Array.isArray(remote)) return path || "(command)";
    for (const [name, value] of Object.entries(local)) {
      if (value === undefined) continue;
      const inner = firstDifference(value, remote[name] ?? DEFAULTS[name], path === "" ? name : `${path}.${name}`);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  return local === (remote ?? DEFAULTS[path.slice(path.lastIndexOf(".") + 1)]) ? undefined : path;
}
