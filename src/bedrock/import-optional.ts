/**
 * Optional peer dependencies (the MCP SDK, LanceDB) are loaded only when the config uses them, so a plugin host that
 * does not need them installs neither their weight nor their native binaries. When one is missing, the import fails
 * with a module-resolution error; this turns that into a sentence saying what to install.
 */
import { UserFacingError } from "./errors/user-facing-error.ts";

/** `load` imports the module that uses `pkg`; `usedFor` names what needs it (`[[mcp_servers]]`). */
export async function importOptional<T>(load: () => Promise<T>, pkg: string, usedFor: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(`'${pkg}'`)) {
      throw new UserFacingError(`${usedFor} needs the optional package ${pkg}: run \`npm install ${pkg}\` beside the bot.`, { cause: error });
    }
    throw error;
  }
}
