/**
 * All configured MCP servers as one tool source: `startMcpServers` connects the enabled ones (in parallel, each
 * within its timeout) and keeps them connected; `toolsFor` gives the tools usable in one place as registry tools,
 * with a warning per usable server that is down; `overview` is what `/tools` shows. Only the config names servers:
 * nothing here takes a command or URL from anywhere else.
 */
import type { McpServerConfig } from "../../../config/schema.ts";
import type { Logger } from "../../../create-logger.ts";
import type { ExternalTool } from "../tool-registry.ts";
import { buildMcpCatalog, type McpCatalog, type McpCatalogTool } from "./build-mcp-catalog.ts";
import { mapMcpToolResult } from "./map-mcp-tool-result.ts";
import { McpServerConnection, McpServerUnavailable, type McpServerStatus, type Schedule } from "./mcp-server-connection.ts";
import { mcpServerUsability, type McpPlace, type McpSwitches, type McpUsability } from "./mcp-server-usable.ts";

export interface McpServersOptions {
  logger: Logger;
  now: () => Date;
  /** Names the MCP tools must not take (the built-ins). */
  reservedNames: readonly string[];
  /** Default: `setTimeout`, not keeping the process alive. */
  schedule?: Schedule;
  /** Default: 1 s doubling up to 1 min. */
  backoff?: { initialMs: number; maxMs: number };
  /** Characters of text one tool result may bring back. Default 20,000. */
  maxResultChars?: number;
}

/** One configured server as `/tools` shows it in a place. */
export interface McpServerOverview {
  name: string;
  usability: McpUsability;
  /** Absent for a server disabled in config (never started). */
  status?: McpServerStatus;
  /** Its tools that are offered (when usable and ready), by their model-facing names. */
  tools: McpCatalogTool[];
}

/** Roughly 5,000 tokens: a tool answer that size is read; beyond it, it crowds out the conversation. */
const DEFAULT_MAX_RESULT_CHARS = 20_000;
const DEFAULT_BACKOFF = { initialMs: 1000, maxMs: 60_000 };

const unrefSchedule: Schedule = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

export class McpServers {
  readonly #configs: readonly McpServerConfig[];
  readonly #connections = new Map<string, McpServerConnection>();
  readonly #options: McpServersOptions;
  #catalog: McpCatalog = { tools: [], warnings: [] };

  constructor(configs: readonly McpServerConfig[], options: McpServersOptions) {
    this.#configs = configs;
    this.#options = options;
    for (const config of configs.filter((server) => server.enabled)) {
      const connection = new McpServerConnection(config, {
        logger: options.logger,
        now: options.now,
        schedule: options.schedule ?? unrefSchedule,
        backoff: options.backoff ?? DEFAULT_BACKOFF,
        onChange: () => this.#rebuildCatalog(),
      });
      this.#connections.set(config.name, connection);
    }
  }

  /** Each server's current state, in config order (disabled servers are not started and not listed). */
  statuses(): McpServerStatus[] {
    return [...this.#connections.values()].map((connection) => connection.status);
  }

  /** Names refused (collisions, schemas Bedrock rejects), for `/tools`. */
  get warnings(): readonly string[] {
    return this.#catalog.warnings;
  }

  overview(place: McpPlace, switches: { channel?: McpSwitches; guild?: McpSwitches }): McpServerOverview[] {
    return this.#configs.map((config) => {
      const status = this.#connections.get(config.name)?.status;
      const usability = mcpServerUsability(config, place, switches);
      const offered = usability.usable && status?.state === "ready";
      return { name: config.name, usability, ...(status === undefined ? {} : { status }), tools: offered ? this.#catalog.tools.filter((tool) => tool.server === config.name) : [] };
    });
  }

  /** The tools usable in `place` right now, and a sentence for each usable server that is down. */
  toolsFor(place: McpPlace, switches: { channel?: McpSwitches; guild?: McpSwitches }, model: { acceptsImages: boolean }): { tools: ExternalTool[]; warnings: string[] } {
    const tools: ExternalTool[] = [];
    const warnings: string[] = [];
    for (const server of this.overview(place, switches)) {
      if (!server.usability.usable || server.status === undefined) continue;
      if (server.status.state !== "ready") {
        const why = server.status.state === "connecting" ? "still connecting" : (server.status.reason ?? "unavailable");
        warnings.push(`The tools of MCP server "${server.name}" are unavailable right now (${why}).`);
        continue;
      }
      for (const tool of server.tools) tools.push(this.#externalTool(tool, model.acceptsImages));
    }
    return { tools, warnings };
  }

  /** Connects every enabled server; resolves when each is ready or has failed its first attempt. */
  async start(): Promise<void> {
    await Promise.all([...this.#connections.values()].map((connection) => connection.connect()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#connections.values()].map((connection) => connection.stop()));
  }

  #externalTool(tool: McpCatalogTool, acceptsImages: boolean): ExternalTool {
    const connection = this.#connections.get(tool.server);
    const maxTextChars = this.#options.maxResultChars ?? DEFAULT_MAX_RESULT_CHARS;
    return {
      name: tool.name,
      description: tool.description,
      jsonSchema: tool.jsonSchema,
      call: async (input, context) => {
        if (connection === undefined) throw new McpServerUnavailable(`The MCP server "${tool.server}" is not running.`);
        try {
          const result = await connection.call(tool.mcpName, input, context.abortSignal);
          return mapMcpToolResult(result, { maxTextChars, acceptsImages });
        } catch (error) {
          if (error instanceof McpServerUnavailable) return { content: [{ text: error.message }], status: "error", output: error.message };
          throw error;
        }
      },
    };
  }

  #rebuildCatalog(): void {
    const listings = [...this.#connections.values()].filter((connection) => connection.status.state === "ready").map((connection) => ({ config: connection.config, tools: connection.status.tools }));
    const catalog = buildMcpCatalog(listings, this.#options.reservedNames);
    for (const warning of catalog.warnings.filter((warning) => !this.#catalog.warnings.includes(warning))) this.#options.logger.warn(warning);
    this.#catalog = catalog;
  }
}

/** Starts the configured servers (see `McpServers`). */
export async function startMcpServers(configs: readonly McpServerConfig[], options: McpServersOptions): Promise<McpServers> {
  const servers = new McpServers(configs, options);
  await servers.start();
  return servers;
}
