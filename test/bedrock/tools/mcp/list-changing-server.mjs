/**
 * A small stdio MCP server on the official SDK's McpServer, for the one thing the npm reference servers never do on
 * request: change their tool list. It starts with `add_tool`; calling it registers `added`, and the SDK sends
 * `notifications/tools/list_changed`.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

const server = new McpServer({ name: "list-changing", version: "1.0.0" });
server.registerTool("add_tool", { description: "Adds the tool named added." }, () => {
  server.registerTool("added", { description: "Exists once add_tool ran." }, () => ({ content: [{ type: "text", text: "I am new" }] }));
  return { content: [{ type: "text", text: "added" }] };
});
await server.connect(new StdioServerTransport());
