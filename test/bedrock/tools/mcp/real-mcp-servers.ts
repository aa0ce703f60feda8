/**
 * The real MCP servers the tests run, from node_modules (installed as devDependencies; never downloaded at test
 * time): `@modelcontextprotocol/server-everything` over stdio or Streamable HTTP, and `server-memory` over stdio.
 * Each is started with this Node (`process.execPath`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import type { McpServerConfig } from "../../../../src/config/schema.ts";

const require = createRequire(import.meta.url);

/** The packages' own entry points (their `bin`), found from their package.json. */
export const EVERYTHING_ENTRY = join(dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")), "dist/index.js");
export const MEMORY_ENTRY = join(dirname(require.resolve("@modelcontextprotocol/server-memory/package.json")), "dist/index.js");

/** A `[[mcp_servers]]` entry as the config would give it (defaults applied), over stdio. */
export function stdioServer(name: string, entry: string, args: string[] = [], overrides: Partial<McpServerConfig> = {}): McpServerConfig {
  return { ...serverDefaults(name), command: process.execPath, args: [entry, ...args], ...overrides };
}

export function httpServer(name: string, url: string, overrides: Partial<McpServerConfig> = {}): McpServerConfig {
  return { ...serverDefaults(name), url, ...overrides };
}

function serverDefaults(name: string): McpServerConfig {
  return { name, args: [], env: {}, headers: {}, enabled: true, timeout: 30, allowed_tools: [], denied_tools: [], guilds: [], channels: [], dms: false };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** server-everything's Streamable HTTP transport (`index.js streamableHttp`, port from PORT), on a free port. */
export async function startEverythingHttp(): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING_ENTRY, "streamableHttp"], { env: { PATH: process.env.PATH, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"] });
  // It says so on stderr once it listens.
  await new Promise<void>((resolve, reject) => {
    let said = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes(`listening on port ${port}`)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`server-everything (HTTP) exited with ${String(code)}: ${said}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill();
      await once(child, "exit");
    },
  };
}
