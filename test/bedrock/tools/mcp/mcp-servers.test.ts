/** `McpServers` against real MCP servers from npm: stdio and Streamable HTTP, tool calls, errors, death and restart. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { McpServers } from "../../../../src/bedrock/tools/mcp/mcp-servers.ts";
import type { Schedule } from "../../../../src/bedrock/tools/mcp/mcp-server-connection.ts";
import type { McpServerConfig } from "../../../../src/config/schema.ts";
import { createLogger } from "../../../../src/create-logger.ts";
import { EVERYTHING_ENTRY, MEMORY_ENTRY, httpServer, startEverythingHttp, stdioServer } from "./real-mcp-servers.ts";

const GUILD_PLACE = { guildId: "g1", channelId: "c1" };
const NO_SWITCHES = {};
const context = { toolUseId: "t1" };

/** Reconnects wait here until the test runs them: no test depends on a timer. */
function manualSchedule(): { schedule: Schedule; pending: (() => void)[] } {
  const pending: (() => void)[] = [];
  return { pending, schedule: (callback) => (pending.push(callback), () => pending.splice(pending.indexOf(callback), 1)) };
}

let opened: McpServers[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await Promise.all(opened.map((servers) => servers.stop()));
  opened = [];
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(configs: McpServerConfig[], schedule: Schedule = manualSchedule().schedule, reservedNames: string[] = []): Promise<McpServers> {
  const servers = new McpServers(configs, { logger: createLogger({ level: "silent" }), now: () => new Date(), reservedNames, schedule, backoff: { initialMs: 1000, maxMs: 8000 } });
  opened.push(servers);
  await servers.start();
  return servers;
}

function tool(servers: McpServers, name: string, acceptsImages = false) {
  const found = servers.toolsFor(GUILD_PLACE, NO_SWITCHES, { acceptsImages }).tools.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no tool ${name}`);
  return found;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("McpServers with server-everything over stdio", () => {
  it("GIVEN server-everything WHEN started THEN its tools are offered as everything_<tool> with their JSON Schemas, and echo answers", async () => {
    const servers = await start([stdioServer("everything", EVERYTHING_ENTRY, ["stdio"])]);

    expect(servers.statuses()[0]).toMatchObject({ name: "everything", state: "ready" });
    const { tools, warnings } = servers.toolsFor(GUILD_PLACE, NO_SWITCHES, { acceptsImages: false });
    expect(warnings).toEqual([]);
    expect(tools.map((candidate) => candidate.name)).toEqual(expect.arrayContaining(["everything_echo", "everything_get-sum", "everything_get-tiny-image"]));
    expect(tool(servers, "everything_echo").jsonSchema).toMatchObject({ type: "object", properties: { message: { type: "string" } }, required: ["message"] });
    expect(await tool(servers, "everything_echo").call({ message: "hi there" }, context)).toEqual({ content: [{ text: "Echo: hi there" }], status: "success", output: "Echo: hi there" });
  });

  it("GIVEN a model that reads images, and one that does not WHEN get-tiny-image runs THEN the first gets a png block, the second a line saying it was left out", async () => {
    const servers = await start([stdioServer("everything", EVERYTHING_ENTRY, ["stdio"])]);

    const withImages = await tool(servers, "everything_get-tiny-image", true).call({}, context);
    const image = withImages.content.find((block) => block.image !== undefined)?.image;
    expect(image?.format).toEqual("png");
    expect(Buffer.from(image?.source?.bytes ?? new Uint8Array()).subarray(1, 4).toString()).toEqual("PNG");
    const withoutImages = await tool(servers, "everything_get-tiny-image", false).call({}, context);
    expect(withoutImages.content.some((block) => block.image !== undefined)).toBe(false);
    expect(withoutImages.output).toContain("left out: this model does not read images in tool results");
  });

  it("GIVEN arguments the tool's schema refuses WHEN called THEN the result is an error the model can read, and the server stays ready", async () => {
    const servers = await start([stdioServer("everything", EVERYTHING_ENTRY, ["stdio"])]);

    const result = await tool(servers, "everything_get-sum").call({ a: "one", b: 2 }, context);

    expect(result.status).toEqual("error");
    expect(result.output).toMatch(/invalid|expected number/i);
    expect(servers.statuses()[0]?.state).toEqual("ready");
  });

  it("GIVEN a long call WHEN the answer is stopped THEN the call is cancelled and the server stays ready", async () => {
    const servers = await start([stdioServer("everything", EVERYTHING_ENTRY, ["stdio"])]);
    const controller = new AbortController();

    const call = tool(servers, "everything_trigger-long-running-operation").call({ duration: 30, steps: 3 }, { toolUseId: "t1", abortSignal: controller.signal });
    controller.abort(new Error("stopped by the user"));

    await expect(call).rejects.toThrow("stopped by the user");
    expect(servers.statuses()[0]?.state).toEqual("ready");
  });

  it("GIVEN a server process killed WHEN its tool is called THEN the call says it is unavailable and why; once the reconnect runs it is ready again", async () => {
    const { schedule, pending } = manualSchedule();
    const servers = await start([stdioServer("everything", EVERYTHING_ENTRY, ["stdio"])], schedule);
    const echo = tool(servers, "everything_echo");
    const pid = servers.statuses()[0]?.pid;
    expect(pid).toBeTypeOf("number");

    process.kill(pid ?? 0, "SIGKILL");
    await until(() => servers.statuses()[0]?.state === "unavailable");
    const refused = await echo.call({ message: "anyone?" }, context);
    expect(refused.status).toEqual("error");
    expect(refused.output).toContain('The MCP server "everything" is unavailable (the connection closed');
    expect(servers.toolsFor(GUILD_PLACE, NO_SWITCHES, { acceptsImages: false })).toMatchObject({ tools: [], warnings: [expect.stringContaining('MCP server "everything" are unavailable')] });
    expect(servers.statuses()[0]?.retryAt).toBeInstanceOf(Date);

    expect(pending).toHaveLength(1);
    pending.shift()?.();
    await until(() => servers.statuses()[0]?.state === "ready");
    expect(await tool(servers, "everything_echo").call({ message: "back" }, context)).toMatchObject({ status: "success", output: "Echo: back" });
  });

  it("GIVEN a command that is not an MCP server WHEN started THEN it is unavailable with the reason, and a retry is scheduled", async () => {
    const { schedule, pending } = manualSchedule();
    const servers = await start([stdioServer("broken", "-e", ["process.stderr.write('no config found\\n'); process.exit(3)"])], schedule);

    expect(servers.statuses()[0]).toMatchObject({ state: "unavailable", reason: expect.stringContaining("no config found") });
    expect(pending).toHaveLength(1);
  });
});

describe("McpServers with server-everything over Streamable HTTP", () => {
  it("GIVEN server-everything listening on HTTP WHEN connected by url THEN its tools answer; once it stops, the call says the server is unavailable", async () => {
    const http = await startEverythingHttp();
    cleanups.push(() => http.stop());
    const servers = await start([httpServer("web", http.url, { headers: { "X-Test": "1" } })]);

    expect(servers.statuses()[0]?.state).toEqual("ready");
    expect(await tool(servers, "web_get-sum").call({ a: 2, b: 40 }, context)).toMatchObject({ status: "success", output: expect.stringContaining("42") });

    await http.stop();
    const refused = await tool(servers, "web_echo").call({ message: "hello?" }, context);
    expect(refused).toMatchObject({ status: "error", output: expect.stringContaining('The MCP server "web" is unavailable') });
    expect(servers.statuses()[0]?.state).toEqual("unavailable");
  });
});

describe("McpServers with server-memory", () => {
  it("GIVEN server-memory WHEN an entity is created and the graph read THEN the second call returns what the first stored", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcp-memory-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const servers = await start([stdioServer("memory", MEMORY_ENTRY, [], { env: { MEMORY_FILE_PATH: join(dir, "memory.jsonl") } })]);

    const created = await tool(servers, "memory_create_entities").call({ entities: [{ name: "Ada", entityType: "person", observations: ["wrote the first program"] }] }, context);
    expect(created.status).toEqual("success");
    const graph = await tool(servers, "memory_read_graph").call({}, context);
    expect(graph.output).toContain("wrote the first program");
  });

  it("GIVEN allowed_tools and denied_tools WHEN listed THEN only allowed tools not denied are offered", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcp-memory-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { MEMORY_FILE_PATH: join(dir, "memory.jsonl") };
    const servers = await start([stdioServer("memory", MEMORY_ENTRY, [], { env, allowed_tools: ["read_graph", "search_nodes", "open_nodes"], denied_tools: ["open_nodes"] })]);

    expect(servers.toolsFor(GUILD_PLACE, NO_SWITCHES, { acceptsImages: false }).tools.map((candidate) => candidate.name)).toEqual(["memory_read_graph", "memory_search_nodes"]);
  });
});

describe("McpServers naming", () => {
  it("GIVEN a tool whose name collides with a built-in WHEN listed THEN it is refused with a warning and the others are offered", async () => {
    const servers = await start([stdioServer("everything", EVERYTHING_ENTRY, ["stdio"])], manualSchedule().schedule, ["everything_echo"]);

    expect(servers.warnings).toEqual([expect.stringContaining('MCP tool "echo" of server "everything" is not offered: its name everything_echo is already the built-in tool everything_echo')]);
    expect(servers.toolsFor(GUILD_PLACE, NO_SWITCHES, { acceptsImages: false }).tools.map((candidate) => candidate.name)).not.toContain("everything_echo");
  });
});

describe("McpServers and tools/list_changed", () => {
  it("GIVEN a server that adds a tool while running WHEN it announces list_changed THEN the new tool is offered without a restart", async () => {
    const servers = await start([stdioServer("changing", fileURLToPath(new URL("list-changing-server.mjs", import.meta.url)))]);
    const names = () => servers.toolsFor(GUILD_PLACE, NO_SWITCHES, { acceptsImages: false }).tools.map((candidate) => candidate.name);
    expect(names()).toEqual(["changing_add_tool"]);

    await tool(servers, "changing_add_tool").call({}, context);
    await until(() => names().includes("changing_added"));

    expect(await tool(servers, "changing_added").call({}, context)).toMatchObject({ status: "success", output: "I am new" });
  });
});
