import { describe, expect, it } from "vitest";
import { mcpToolName } from "../../../../src/bedrock/tools/mcp/mcp-tool-name.ts";

const VALID = /^[a-zA-Z0-9_-]{1,64}$/;

describe("mcpToolName", () => {
  it("GIVEN a valid <server>_<tool> WHEN named THEN it is kept as it is", () => {
    expect(mcpToolName("everything", "get-sum")).toBe("everything_get-sum");
  });

  it("GIVEN a name over 64 characters WHEN named THEN it is cut to 64 with a hash of the full name, the same every time", () => {
    const server = "a".repeat(60);
    const name = mcpToolName(server, "search");

    expect(name).toMatch(VALID);
    expect(name).toHaveLength(64);
    expect(name).toMatch(new RegExp(`^a{55}_[0-9a-f]{8}$`));
    expect(mcpToolName(server, "search")).toBe(name);
    expect(mcpToolName(server, "searcg")).not.toBe(name);
  });

  it("GIVEN characters Bedrock refuses WHEN named THEN they become _ and a hash tells apart names that differ only there", () => {
    const dotted = mcpToolName("files", "fs.read");
    const slashed = mcpToolName("files", "fs/read");

    expect(dotted).toMatch(/^files_fs_read_[0-9a-f]{8}$/);
    expect(slashed).toMatch(/^files_fs_read_[0-9a-f]{8}$/);
    expect(dotted).not.toBe(slashed);
    expect(mcpToolName("files", "lire ça")).toMatch(VALID);
  });
});
