import { describe, expect, it } from "vitest";
import { buildMcpCatalog } from "../../../../src/bedrock/tools/mcp/build-mcp-catalog.ts";
import { mcpInputSchema } from "../../../../src/bedrock/tools/mcp/mcp-input-schema.ts";

const schema = { type: "object" as const, properties: { q: { type: "string" } } };
const server = (name: string, extra: { allowed_tools?: string[]; denied_tools?: string[] } = {}) => ({ name, allowed_tools: [], denied_tools: [], ...extra });

describe("buildMcpCatalog", () => {
  it("GIVEN two servers WHEN catalogued THEN <server>_<tool> names, schemas passed on, descriptions (or a fallback) kept", () => {
    const catalog = buildMcpCatalog(
      [
        { config: server("docs"), tools: [{ name: "search", description: "Search the docs", inputSchema: schema }] },
        { config: server("kb"), tools: [{ name: "lookup", inputSchema: { type: "object" } }] },
      ],
      [],
    );

    expect(catalog).toEqual({
      tools: [
        { name: "docs_search", server: "docs", mcpName: "search", description: "Search the docs", jsonSchema: schema },
        { name: "kb_lookup", server: "kb", mcpName: "lookup", description: "The tool lookup of the MCP server kb.", jsonSchema: { type: "object" } },
      ],
      warnings: [],
    });
  });

  it("GIVEN a name taken by a built-in and by an earlier server WHEN catalogued THEN the later ones are refused with a warning each", () => {
    const catalog = buildMcpCatalog(
      [
        { config: server("a"), tools: [{ name: "b_c", inputSchema: schema }, { name: "time", inputSchema: schema }] },
        { config: server("a_b"), tools: [{ name: "c", inputSchema: schema }] },
      ],
      ["a_time"],
    );

    expect(catalog.tools.map((tool) => tool.name)).toEqual(["a_b_c"]);
    expect(catalog.warnings).toEqual([
      'MCP tool "time" of server "a" is not offered: its name a_time is already the built-in tool a_time.',
      'MCP tool "c" of server "a_b" is not offered: its name a_b_c is already tool "b_c" of MCP server "a".',
    ]);
  });

  it("GIVEN allowed and denied tools WHEN catalogued THEN only allowed ones not denied", () => {
    const tools = ["one", "two", "three"].map((name) => ({ name, inputSchema: schema }));
    expect(buildMcpCatalog([{ config: server("s", { allowed_tools: ["one", "two"], denied_tools: ["two"] }), tools }], []).tools.map((tool) => tool.name)).toEqual(["s_one"]);
    expect(buildMcpCatalog([{ config: server("s", { denied_tools: ["three"] }), tools }], []).tools.map((tool) => tool.name)).toEqual(["s_one", "s_two"]);
  });
});

describe("mcpInputSchema", () => {
  it("GIVEN an object schema with $schema WHEN converted THEN the header is dropped; a non-object schema is refused with the reason", () => {
    expect(mcpInputSchema({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", required: ["q"] })).toEqual({ value: { type: "object", required: ["q"] } });
    expect(mcpInputSchema({ type: "string" })).toEqual({ refused: 'its inputSchema has type "string"; Bedrock takes only "object"' });
    expect(mcpInputSchema(null)).toEqual({ refused: "its inputSchema is not a JSON object" });
  });
});
