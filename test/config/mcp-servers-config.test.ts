/** `[[mcp_servers]]`: defaults, the stdio-or-HTTP rule, unique names, env references, and secrets kept for the log scrubber. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.ts";
import { CONFIG_FILE as FILE, configIssuesOf as issuesOf } from "./config-problems.ts";
import { configSecrets } from "../../src/config/config-secrets.ts";
import { createLogger } from "../../src/create-logger.ts";


describe("[[mcp_servers]]", () => {
  it("GIVEN a stdio and an HTTP server WHEN parsed THEN defaults are applied and env references in env and headers resolved", () => {
    const text = `[[mcp_servers]]
name = "memory"
command = "node"
args = ["server.js"]
env = { MEMORY_FILE_PATH = "\${MEMORY_FILE}" }

[[mcp_servers]]
name = "search"
url = "https://tools.example.com/mcp"
headers = { Authorization = "Bearer \${TOOLS_TOKEN}" }
`;
    const config = parseConfig(text, FILE, { MEMORY_FILE: "/data/memory.jsonl", TOOLS_TOKEN: "tok-1234567890" });

    expect(config.data.mcp_servers).toEqual([
      { name: "memory", command: "node", args: ["server.js"], env: { MEMORY_FILE_PATH: "/data/memory.jsonl" }, headers: {}, enabled: true, timeout: 30, allowed_tools: [], denied_tools: [], guilds: [], channels: [], dms: false },
      { name: "search", url: "https://tools.example.com/mcp", args: [], env: {}, headers: { Authorization: "Bearer tok-1234567890" }, enabled: true, timeout: 30, allowed_tools: [], denied_tools: [], guilds: [], channels: [], dms: false },
    ]);
    expect(configSecrets(config)).toEqual(expect.arrayContaining(["/data/memory.jsonl", "Bearer tok-1234567890"]));
  });

  it("GIVEN a server with both command and url, one with neither, and a repeated name WHEN parsed THEN each is an error at its place", () => {
    const text = `[[mcp_servers]]
name = "both"
command = "node"
url = "https://tools.example.com/mcp"

[[mcp_servers]]
name = "neither"

[[mcp_servers]]
name = "both"
command = "node"
`;
    const issues = issuesOf(text);

    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^config\/model_config\.toml:1:\d+ mcp_servers\[0\].*give either command \(stdio\) or url \(Streamable HTTP\), not both/),
        expect.stringMatching(/^config\/model_config\.toml:6:\d+ mcp_servers\[1\].*give either command \(stdio\) or url/),
        expect.stringMatching(/MCP server names must be unique/),
      ]),
    );
  });

  it("GIVEN a server name with a space WHEN parsed THEN it is refused with the allowed characters", () => {
    const issues = issuesOf(`[[mcp_servers]]\nname = "my tools"\ncommand = "node"\n`);

    expect(issues).toEqual([expect.stringContaining("mcp_servers[0].name")]);
    expect(issues[0]).toContain("letters, digits, _ or - (1-64)");
  });
});

describe("[[mcp_servers]] secrets in logs", () => {
  it("GIVEN a header token and an env key from the environment WHEN the config and a string with them are logged THEN neither value is in any line", () => {
    const config = parseConfig(`[[mcp_servers]]\nname = "search"\nurl = "https://tools.example.com/mcp"\nheaders = { X-Api-Key = "\${TOOLS_KEY}" }\n\n[[mcp_servers]]\nname = "kb"\ncommand = "kb-server"\nenv = { KB_TOKEN = "\${KB_TOKEN}" }\n`, FILE, {
      TOOLS_KEY: "tools-key-0123456789abcdef",
      KB_TOKEN: "kb-token-abcdef0123456789",
    });
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on("data", (chunk: Buffer) => lines.push(chunk.toString("utf8")));
    const logger = createLogger({ level: "info", destination: stream, secrets: configSecrets(config) });

    logger.info({ servers: config.data.mcp_servers }, "MCP servers");
    logger.warn("connect failed with X-Api-Key tools-key-0123456789abcdef and KB_TOKEN=kb-token-abcdef0123456789");

    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain("tools-key-0123456789abcdef");
      expect(line).not.toContain("kb-token-abcdef0123456789");
    }
    expect(lines.join("")).toContain("[redacted]");
  });
});
