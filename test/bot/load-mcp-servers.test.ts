import { describe, expect, it } from "vitest";
import { UserFacingError } from "../../src/bedrock/errors/user-facing-error.ts";
import { loadMcpServers } from "../../src/bot/load-mcp-servers.ts";

describe("loadMcpServers", () => {
  it("GIVEN the SDK is installed WHEN loaded THEN the MCP servers module comes back", async () => {
    expect(typeof (await loadMcpServers()).startMcpServers).toBe("function");
  });

  it("GIVEN an install without @modelcontextprotocol/sdk WHEN loaded THEN a sentence says what to install", async () => {
    const missing = Object.assign(new Error("Cannot find package '@modelcontextprotocol/sdk' imported from /app/dist/bedrock/tools/mcp/mcp-server-connection.js"), { code: "ERR_MODULE_NOT_FOUND" });
    const failure = await loadMcpServers(() => Promise.reject(missing)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UserFacingError);
    expect((failure as UserFacingError).userMessage).toContain("npm install @modelcontextprotocol/sdk");
  });

  it("GIVEN another module is missing WHEN loaded THEN that error is not dressed up as the SDK's", async () => {
    const other = Object.assign(new Error("Cannot find module '/app/dist/bedrock/tools/mcp/mcp-servers.js'"), { code: "ERR_MODULE_NOT_FOUND" });
    await expect(loadMcpServers(() => Promise.reject(other))).rejects.toBe(other);
  });
});
