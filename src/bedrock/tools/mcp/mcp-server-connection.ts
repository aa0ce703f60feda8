/**
 * One configured MCP server, kept connected: started over stdio (`command`) or reached over Streamable HTTP (`url`)
 * with the official SDK client; its tools listed at connect and again on `notifications/tools/list_changed`. When it
 * dies (the process exits, the connection fails), it is `unavailable` with the reason, and reconnected after a
 * backoff that doubles up to a ceiling; a successful connect resets it. The client declares no capabilities, so a
 * server cannot ask the bot for sampling, roots or elicitation.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, McpError, ToolListChangedNotificationSchema, type CallToolResult, type Tool as McpTool } from "@modelcontextprotocol/sdk/types.js";
import type { McpServerConfig } from "../../../config/schema.ts";
import type { Logger } from "../../../create-logger.ts";
import { errorMessage } from "../../../format/error-message.ts";

export type McpServerState = "connecting" | "ready" | "unavailable" | "stopped";

export interface McpServerStatus {
  name: string;
  state: McpServerState;
  /** Why it is unavailable (the last error, or the server's last stderr line). */
  reason?: string;
  /** When the next reconnect is due (unavailable only). */
  retryAt?: Date;
  /** The current listing when ready; the last one known otherwise (not offered then). */
  tools: readonly McpTool[];
  /** The stdio process, while there is one. */
  pid?: number;
}

/** Runs `callback` after `delayMs`; returns a function that cancels it. */
export type Schedule = (callback: () => void, delayMs: number) => () => void;

export interface McpConnectionDeps {
  logger: Logger;
  now: () => Date;
  schedule: Schedule;
  /** Reconnect delays: the first, doubled on every failure up to the ceiling. */
  backoff: { initialMs: number; maxMs: number };
  /** Told after every change of state or tools. */
  onChange: () => void;
}

/** Thrown by `call` when the server cannot take the call; the message says why, for the model and the user. */
export class McpServerUnavailable extends Error {
  override name = "McpServerUnavailable";
}

const CLIENT_INFO = { name: "bedrock-discord-bot", version: "1" };
/** Enough of a dying server's stderr to say why, not enough to flood a status line. */
const MAX_REASON = 300;

export class McpServerConnection {
  readonly config: McpServerConfig;
  readonly #deps: McpConnectionDeps;
  #state: McpServerState = "connecting";
  #reason: string | undefined;
  #retryAt: Date | undefined;
  #tools: readonly McpTool[] = [];
  #client: Client | undefined;
  #transport: Transport | undefined;
  #failures = 0;
  #cancelRetry: (() => void) | undefined;
  #lastStderr = "";

  constructor(config: McpServerConfig, deps: McpConnectionDeps) {
    this.config = config;
    this.#deps = deps;
  }

  get status(): McpServerStatus {
    const pid = this.#transport instanceof StdioClientTransport ? this.#transport.pid : null;
    return {
      name: this.config.name,
      state: this.#state,
      ...(this.#reason === undefined ? {} : { reason: this.#reason }),
      ...(this.#retryAt === undefined ? {} : { retryAt: this.#retryAt }),
      tools: this.#tools,
      ...(pid === null ? {} : { pid }),
    };
  }

  /** Connects and lists the tools; resolves either way (a failure leaves it unavailable, with a retry scheduled). */
  async connect(): Promise<void> {
    if (this.#state === "stopped") return;
    this.#cancelRetry = undefined;
    this.#retryAt = undefined;
    this.#setState("connecting");
    const transport = this.#createTransport();
    const client = new Client(CLIENT_INFO, { capabilities: {} });
    this.#client = client;
    this.#transport = transport;
    client.onclose = () => this.#lost(client, `the connection closed${this.#stderrNote()}`);
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      this.#listTools(client).catch((error: unknown) => this.#deps.logger.warn({ err: error, mcpServer: this.config.name }, "re-listing MCP tools failed"));
    });
    try {
      await client.connect(transport, { timeout: this.#timeoutMs });
      await this.#listTools(client);
      if (this.#client !== client) return; // lost or stopped meanwhile
      this.#failures = 0;
      this.#reason = undefined;
      this.#setState("ready");
      this.#deps.logger.info({ mcpServer: this.config.name, tools: this.#tools.length }, "MCP server connected");
    } catch (error) {
      this.#lost(client, `could not connect: ${errorMessage(error)}${this.#stderrNote()}`);
    }
  }

  /** Calls one tool. Throws `McpServerUnavailable` when the server is down (or goes down on this call). */
  async call(tool: string, input: unknown, signal?: AbortSignal): Promise<CallToolResult> {
    const client = this.#client;
    if (this.#state !== "ready" || client === undefined) throw new McpServerUnavailable(this.#unavailableSentence());
    const args = typeof input === "object" && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
    try {
      return (await client.callTool({ name: tool, arguments: args }, undefined, { timeout: this.#timeoutMs, ...(signal === undefined ? {} : { signal }) })) as CallToolResult;
    } catch (error) {
      // A protocol error is the server answering (bad arguments, unknown tool, timeout): the tool failed, the server is
      // fine. So is a call the answer's Stop button cancelled.
      if (error instanceof McpError && error.code !== (ErrorCode.ConnectionClosed as number)) throw error;
      if (signal?.aborted === true) throw error;
      this.#lost(client, `the call failed: ${errorMessage(error)}${this.#stderrNote()}`);
      throw new McpServerUnavailable(this.#unavailableSentence());
    }
  }

  async stop(): Promise<void> {
    this.#cancelRetry?.();
    this.#setState("stopped");
    const client = this.#client;
    this.#client = undefined;
    await client?.close().catch(() => undefined);
  }

  get #timeoutMs(): number {
    return this.config.timeout * 1000;
  }

  #unavailableSentence(): string {
    return `The MCP server "${this.config.name}" is unavailable${this.#reason === undefined ? "" : ` (${this.#reason})`}; it is being restarted, try again later.`;
  }

  #createTransport(): Transport {
    const { command, args, env, url, headers } = this.config;
    if (url !== undefined) return new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
    if (command === undefined) throw new Error(`MCP server "${this.config.name}" has neither command nor url`); // the schema refuses this
    this.#lastStderr = "";
    const transport = new StdioClientTransport({ command, args, env, stderr: "pipe" });
    transport.stderr?.on("data", (chunk: Buffer) => {
      const lines = chunk.toString("utf8").split("\n").map((line) => line.trim()).filter((line) => line !== "");
      const last = lines.at(-1);
      if (last !== undefined) this.#lastStderr = last.slice(0, MAX_REASON);
      for (const line of lines) this.#deps.logger.debug({ mcpServer: this.config.name, stderr: line }, "MCP server stderr");
    });
    return transport;
  }

  #stderrNote(): string {
    return this.#lastStderr === "" ? "" : `; its last words: ${this.#lastStderr}`;
  }

  async #listTools(client: Client): Promise<void> {
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout: this.#timeoutMs });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    if (this.#client !== client) return;
    this.#tools = tools;
    this.#deps.onChange();
  }

  /** The connection `client` is gone: unavailable, and a reconnect scheduled. Only the current client counts. */
  #lost(client: Client, reason: string): void {
    if (this.#client !== client || this.#state === "stopped") return;
    this.#client = undefined;
    void client.close().catch(() => undefined);
    this.#failures += 1;
    const delayMs = Math.min(this.#deps.backoff.initialMs * 2 ** (this.#failures - 1), this.#deps.backoff.maxMs);
    this.#reason = reason;
    this.#retryAt = new Date(this.#deps.now().getTime() + delayMs);
    this.#deps.logger.warn({ mcpServer: this.config.name, reason, retryInMs: delayMs }, "MCP server unavailable");
    this.#setState("unavailable");
    this.#cancelRetry = this.#deps.schedule(() => void this.connect(), delayMs);
  }

  #setState(state: McpServerState): void {
    this.#state = state;
    this.#deps.onChange();
  }
}
