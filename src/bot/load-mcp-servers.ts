/**
 * The MCP side of the plugin, loaded only when `[[mcp_servers]]` lists a server: `@modelcontextprotocol/sdk` is an
 * optional peer dependency (it brings an HTTP server stack a plugin host without MCP should not have to install), so a
 * missing SDK becomes a sentence saying what to install rather than a module-resolution stack.
 */
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import type * as McpServers from "../bedrock/tools/mcp/mcp-servers.ts";

const SDK = "@modelcontextprotocol/sdk";

type McpServersModule = typeof McpServers;

/** `load`: the import itself (passed in by tests, to stand for an install without the SDK). */
export async function loadMcpServers(load: () => Promise<McpServersModule> = () => import("../bedrock/tools/mcp/mcp-servers.ts")): Promise<McpServersModule> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(SDK)) {
      throw new UserFacingError(`[[mcp_servers]] needs the optional package ${SDK}: run \`npm install ${SDK}\` beside the bot, or remove the [[mcp_servers]] entries.`, { cause: error });
    }
    throw error;
  }
}
