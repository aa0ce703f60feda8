/**
 * The MCP side of the plugin, loaded only when `[[mcp_servers]]` lists a server: `@modelcontextprotocol/sdk` is an
 * optional peer dependency (it brings an HTTP server stack a plugin host without MCP should not have to install).
 */
import { importOptional } from "../bedrock/import-optional.ts";
import type * as McpServers from "../bedrock/tools/mcp/mcp-servers.ts";

type McpServersModule = typeof McpServers;

/** `load`: the import itself (passed in by tests, to stand for an install without the SDK). */
export function loadMcpServers(load: () => Promise<McpServersModule> = () => import("../bedrock/tools/mcp/mcp-servers.ts")): Promise<McpServersModule> {
  return importOptional(load, "@modelcontextprotocol/sdk", "[[mcp_servers]]");
}
