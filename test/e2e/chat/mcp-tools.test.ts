/**
 * MCP servers as tool sources, end to end: the real discord.js client against the fake Discord, the scripted fake
 * Bedrock model calling tools of REAL MCP servers from npm — server-everything over stdio and over Streamable HTTP,
 * server-memory — and `/tools` listing and switching them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mcpToolName } from "../../../src/bedrock/tools/mcp/mcp-tool-name.ts";
import type { Schedule } from "../../../src/bedrock/tools/mcp/mcp-server-connection.ts";
import { EVERYTHING_ENTRY, MEMORY_ENTRY, startEverythingHttp } from "../../bedrock/tools/mcp/real-mcp-servers.ts";
import { mentionAndWait, registerCommands, runCommandAndWait } from "../commands/command-kit.ts";
import { startBotHarness, TEST_MODEL, type BotHarness } from "../bot-harness.ts";

const LONG_SERVER = "company-knowledge-base-with-a-rather-long-and-descriptive-name";
const SHORTENED_SUM = mcpToolName(LONG_SERVER, "get-sum");

let h: BotHarness;
let http: Awaited<ReturnType<typeof startEverythingHttp>>;
let memoryDir: string;
/** Reconnects of dead servers wait here until a test runs them. */
const pendingRestarts: (() => void)[] = [];
const schedule: Schedule = (callback) => {
  pendingRestarts.push(callback);
  return () => pendingRestarts.splice(pendingRestarts.indexOf(callback), 1);
};

beforeAll(async () => {
  http = await startEverythingHttp();
  memoryDir = mkdtempSync(join(tmpdir(), "mcp-e2e-memory-"));
  h = await startBotHarness({
    mcpServers: (discord) => [
      { name: "everything", command: process.execPath, args: [EVERYTHING_ENTRY, "stdio"], allowed_tools: ["echo", "get-sum"] },
      { name: "web", url: http.url, allowed_tools: ["get-sum"] },
      { name: "memory", command: process.execPath, args: [MEMORY_ENTRY], env: { MEMORY_FILE_PATH: join(memoryDir, "memory.jsonl") }, channels: [discord.channelId("general")], allowed_tools: ["read_graph"] },
      { name: LONG_SERVER, command: process.execPath, args: [EVERYTHING_ENTRY, "stdio"], allowed_tools: ["get-sum"] },
    ],
    plugin: { mcp: { schedule } },
  });
  await registerCommands(h.discord);
});
afterAll(async () => {
  await h.stop();
  await http.stop();
  rmSync(memoryDir, { recursive: true, force: true });
});
beforeEach(() => h.bedrock.reset());

const offered = (index: number): string[] => h.bedrock.requests[index]?.body.toolConfig.tools.map((tool: { toolSpec: { name: string } }) => tool.toolSpec.name);
const toolResultOf = (index: number) => h.bedrock.requests[index]?.body.messages.at(-1).content[0].toolResult;

describe("MCP tools in a conversation", () => {
  it("GIVEN server-everything over stdio WHEN the model calls its echo tool THEN the answer is built on the tool's result", async () => {
    h.bedrock.script(TEST_MODEL.id, { toolUses: [{ name: "everything_echo", input: { message: "ping from Discord" } }] });

    const answer = await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "echo something" });

    expect(answer.content).toContain("tool results: [everything_echo] Echo: ping from Discord");
    expect(answer.content).toContain("-# 🔧 used everything_echo");
    expect(offered(0)).toEqual(["current_time", "calculator", "everything_echo", "everything_get-sum", "web_get-sum", "memory_read_graph", SHORTENED_SUM]);
    expect(toolResultOf(1)).toMatchObject({ status: "success", content: [{ text: "Echo: ping from Discord" }] });
  });

  it("GIVEN server-everything over Streamable HTTP WHEN the model calls its get-sum THEN the sum comes back from the HTTP server", async () => {
    h.bedrock.script(TEST_MODEL.id, { toolUses: [{ name: "web_get-sum", input: { a: 2, b: 40 } }] });

    const answer = await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "add 2 and 40" });

    expect(answer.content).toMatch(/tool results: \[web_get-sum\] .*42/);
  });

  it("GIVEN a tool called with arguments its schema refuses WHEN it runs THEN the model gets an error result and the answer marks the tool as failed", async () => {
    h.bedrock.script(TEST_MODEL.id, { toolUses: [{ name: "everything_get-sum", input: { a: "one", b: 2 } }] });

    const answer = await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "add one and 2" });

    expect(toolResultOf(1)).toMatchObject({ status: "error" });
    expect(answer.content).toContain("[everything_get-sum] error:");
    expect(answer.content).toContain("everything_get-sum (failed)");
  });

  it("GIVEN a server whose <server>_<tool> name is over 64 characters WHEN offered and called THEN it has a valid shortened name that works", async () => {
    expect(`${LONG_SERVER}_get-sum`.length).toBeGreaterThan(64);
    expect(SHORTENED_SUM).toMatch(/^company-knowledge-base-[a-zA-Z0-9_-]+_[0-9a-f]{8}$/);
    expect(SHORTENED_SUM.length).toBeLessThanOrEqual(64);
    h.bedrock.script(TEST_MODEL.id, { toolUses: [{ name: SHORTENED_SUM, input: { a: 20, b: 22 } }] });

    const answer = await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "add 20 and 22" });

    expect(answer.content).toMatch(new RegExp(`tool results: \\[${SHORTENED_SUM}\\] .*42`));
  });

  it("GIVEN memory limited to #general by config WHEN the bot answers in #random THEN memory's tools are not offered there", async () => {
    await mentionAndWait(h.discord, { channelId: h.ids.random, authorId: h.ids.bob, content: "hello" });

    expect(offered(0)).not.toContain("memory_read_graph");
    expect(offered(0)).toContain("everything_echo");
  });
});

describe("/tools", () => {
  it("GIVEN the configured servers WHEN a member runs /tools in #random THEN built-ins and each server with its state and tools, memory off by config", async () => {
    const reply = await runCommandAndWait(h.discord, { name: "tools", channelId: h.ids.random, userId: h.ids.bob });
    const text = reply.embeds[0]?.description ?? "";

    expect(text).toContain("**Built-in**: `current_time`, `calculator`");
    expect(text).toContain("**MCP `everything`**: on, ready — `everything_echo`, `everything_get-sum`");
    expect(text).toContain("**MCP `web`**: on, ready — `web_get-sum`");
    expect(text).toContain("**MCP `memory`**: off here (not allowed here by config)");
  });

  it("GIVEN alice (admin) switches web off for #random WHEN the bot answers there THEN web's tools are gone, bob may not switch it back, and clear restores it", async () => {
    const off = await runCommandAndWait(h.discord, { name: "tools", channelId: h.ids.random, userId: h.ids.alice, options: { server: "web", enabled: false } });
    expect(off.content).toContain(`Switched MCP server "web" off for <#${h.ids.random}>.`);
    expect(off.embeds[0]?.description).toContain("**MCP `web`**: off here (switched off for this channel)");
    await mentionAndWait(h.discord, { channelId: h.ids.random, authorId: h.ids.bob, content: "hello" });
    expect(offered(0)).not.toContain("web_get-sum");

    const refused = await runCommandAndWait(h.discord, { name: "tools", channelId: h.ids.random, userId: h.ids.bob, options: { server: "web", enabled: true } });
    expect(refused.content).toContain("Only bot admins and members with Manage Server can change the MCP servers.");
    const notConfigured = await runCommandAndWait(h.discord, { name: "tools", channelId: h.ids.random, userId: h.ids.alice, options: { server: "memory", enabled: true } });
    expect(notConfigured.content).toContain('The MCP server "memory" is not allowed here by config; only the bot\'s config can change that.');

    await runCommandAndWait(h.discord, { name: "tools", channelId: h.ids.random, userId: h.ids.alice, options: { server: "web", clear: true } });
    h.bedrock.reset();
    await mentionAndWait(h.discord, { channelId: h.ids.random, authorId: h.ids.bob, content: "hello again" });
    expect(offered(0)).toContain("web_get-sum");
  });
});

describe("a server that dies mid-conversation", () => {
  it("GIVEN everything killed WHEN the conversation goes on THEN its tools are marked unavailable with the reason, the answer says so, and after the restart they work again", async () => {
    const status = () => h.bot.mcpServers?.statuses().find((server) => server.name === "everything");
    h.bedrock.script(TEST_MODEL.id, { toolUses: [{ name: "everything_echo", input: { message: "before" } }] });
    const first = await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "echo before" });
    expect(first.content).toContain("Echo: before");

    process.kill(status()?.pid ?? 0, "SIGKILL");
    await h.discord.waitFor(() => status()?.state === "unavailable", { description: "the server marked unavailable" });
    h.bedrock.reset();
    const reply = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.bob, content: "and now?", mentionsBot: true, replyTo: first.id });
    const during = await h.discord.waitForMessage({ where: (message) => message.messageReference?.message_id === reply.id });
    await h.discord.waitFor(() => / out · /.test(during.content), { description: "the answer's usage footer" });
    expect(during.content).toContain('⚠️ The tools of MCP server "everything" are unavailable right now (the connection closed');
    expect(offered(0)).not.toContain("everything_echo");
    const tools = await runCommandAndWait(h.discord, { name: "tools", channelId: h.ids.general, userId: h.ids.bob });
    expect(tools.embeds[0]?.description).toContain("**MCP `everything`**: on, ⚠️ unavailable — the connection closed");

    expect(pendingRestarts.length).toBeGreaterThanOrEqual(1);
    for (const restart of pendingRestarts.splice(0)) restart();
    await h.discord.waitFor(() => status()?.state === "ready", { description: "the server back" });
    h.bedrock.reset();
    h.bedrock.script(TEST_MODEL.id, { toolUses: [{ name: "everything_echo", input: { message: "after" } }] });
    const after = await mentionAndWait(h.discord, { channelId: h.ids.general, authorId: h.ids.bob, content: "echo after" });
    expect(after.content).toContain("tool results: [everything_echo] Echo: after");
  });
});
