/**
 * The MCP tools to offer, from every server's listing: filtered by the server's `allowed_tools` / `denied_tools`,
 * named `<server>_<tool>` (made valid for Bedrock by `mcpToolName`), with the server's JSON Schema. A name already
 * taken — by a built-in, or by an earlier tool whose shortened name came out the same — is refused with a warning,
 * and so is a tool whose schema Bedrock would reject: both are data for the log and `/tools`, never a thrown error.
 * Pure.
 */
import type { ToolInputSchema } from "@aws-sdk/client-bedrock-runtime";
import type { Tool as McpTool } from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "../../../config/schema.ts";
import { mcpInputSchema } from "./mcp-input-schema.ts";
import { mcpToolName } from "./mcp-tool-name.ts";

export interface McpCatalogTool {
  /** The name the model sees. */
  name: string;
  server: string;
  /** The tool's own name on its server. */
  mcpName: string;
  description: string;
  jsonSchema: ToolInputSchema.JsonMember["json"];
}

export interface McpCatalog {
  tools: McpCatalogTool[];
  warnings: string[];
}

type ServerListing = { config: Pick<McpServerConfig, "name" | "allowed_tools" | "denied_tools">; tools: readonly McpTool[] };

export function buildMcpCatalog(servers: readonly ServerListing[], reservedNames: readonly string[]): McpCatalog {
  const taken = new Map<string, string>(reservedNames.map((name) => [name, `the built-in tool ${name}`]));
  const tools: McpCatalogTool[] = [];
  const warnings: string[] = [];
  for (const { config, tools: listed } of servers) {
    for (const tool of listed.filter((candidate) => isAllowed(config, candidate.name))) {
      const name = mcpToolName(config.name, tool.name);
      const owner = taken.get(name);
      if (owner !== undefined) {
        warnings.push(`MCP tool "${tool.name}" of server "${config.name}" is not offered: its name ${name} is already ${owner}.`);
        continue;
      }
      const schema = mcpInputSchema(tool.inputSchema);
      if ("refused" in schema) {
        warnings.push(`MCP tool "${tool.name}" of server "${config.name}" is not offered: ${schema.refused}.`);
        continue;
      }
      taken.set(name, `tool "${tool.name}" of MCP server "${config.name}"`);
      tools.push({ name, server: config.name, mcpName: tool.name, description: describe(tool, config.name), jsonSchema: schema.value });
    }
  }
  return { tools, warnings };
}

function isAllowed(config: ServerListing["config"], tool: string): boolean {
  if (config.denied_tools.includes(tool)) return false;
  return config.allowed_tools.length === 0 || config.allowed_tools.includes(tool);
}

/** Converse refuses an empty description; a server may send none. */
function describe(tool: McpTool, server: string): string {
  const text = tool.description?.trim() || tool.title?.trim() || "";
  return text === "" ? `The tool ${tool.name} of the MCP server ${server}.` : text;
}
