/**
 * fetch_url in a conversation: real discord.js against the fake Discord, the scripted fake Bedrock model calling the
 * tool, and local web servers behind a stub DNS resolver (the "public" one reachable only through the fetcher's
 * test-only allowance). Shows what the model is sent, and that it is refused — with the reason — what it must not reach.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { startSsrfServers, type SsrfServers } from "../../bedrock/tools/web/ssrf-servers.ts";
import { answerFinished } from "../answer-predicates.ts";
import { startBotHarness, TEST_MODEL, type BotHarness } from "../bot-harness.ts";

let servers: SsrfServers;
let h: BotHarness;
beforeAll(async () => {
  servers = await startSsrfServers();
  h = await startBotHarness({ webFetch: { enabled: true, channels: [] }, context: { webFetch: servers.deps } });
});
beforeEach(() => h.bedrock.reset());
afterAll(async () => {
  await h.stop();
  await servers.close();
});

/** The model calls fetch_url with `url`, then answers `closing`. */
function scriptFetch(url: string, closing: string): void {
  h.bedrock.script(TEST_MODEL.id, { text: "Reading it.", toolUses: [{ name: "fetch_url", input: { url } }] }, { text: closing });
}

async function ask(content: string, channelId = h.ids.general): Promise<StoredMessage> {
  const question = h.discord.userSays({ channelId, authorId: h.ids.alice, content, mentionsBot: true });
  return await h.discord.waitForMessage({ channelId, where: (message) => message.messageReference?.message_id === question.id && answerFinished(message) });
}

/** The tool result the model was sent in its second call. */
function toolResult(): { status: string; content: { text?: string; json?: Record<string, unknown> }[] } {
  return h.bedrock.requests[1]?.body.messages.at(-1).content[0].toolResult;
}

describe("fetch_url in chat", () => {
  it("GIVEN a user who links a public page WHEN the model fetches it THEN it gets the page as readable text and summarises it", async () => {
    const url = servers.publicUrl("/page");
    scriptFetch(url, "Summary: tide pools are pockets of sea water left at low tide, home to anemones and hermit crabs.");

    const answer = await ask(`summarise ${url} please`);

    expect(answer.content).toContain("Summary: tide pools are pockets of sea water");
    expect(answer.content).toContain("used fetch_url");
    const result = toolResult();
    expect(result.status).toBe("success");
    const page = result.content[0]?.json;
    expect(page).toMatchObject({ url, status: 200, title: "Tide pools & you" });
    expect(page?.text).toContain("TIDE POOLS");
    expect(page?.text).toContain("Tide pools are rocky pockets of sea water left behind at low tide.");
    expect(page?.text).toContain("Hermit crabs");
    expect(page?.text).not.toContain("steal()");
    expect(page?.text).not.toContain("color:red");
  });

  it("GIVEN a URL nobody wrote in the conversation WHEN the model asks for it THEN it is refused and told why", async () => {
    scriptFetch(servers.publicUrl("/page?leak=the-conversation"), "I cannot fetch that.");

    await ask("what is on the page I mentioned yesterday?");

    const result = toolResult();
    expect(result.status).toBe("error");
    expect(result.content[0]?.text).toContain("only URLs that a person wrote in this conversation can be fetched");
  });

  it("GIVEN a user who links the metadata service, and a page redirecting to a private address WHEN fetched THEN both are refused with the reason and nothing private is reached", async () => {
    scriptFetch("http://169.254.169.254/latest/meta-data/", "That address is internal.");
    await ask("read http://169.254.169.254/latest/meta-data/");
    expect(toolResult().content[0]?.text).toContain("169.254.169.254 is the cloud metadata service");

    h.bedrock.reset();
    const redirecting = servers.publicUrl(`/to?url=${encodeURIComponent(`http://127.0.0.1:${servers.privatePort}/`)}`);
    scriptFetch(redirecting, "It redirects somewhere internal.");
    await ask(`read ${redirecting}`);
    expect(toolResult().content[0]?.text).toContain("Refused (redirect 1): 127.0.0.1 is a loopback address");
    expect(servers.privateHits()).toBe(0);
  });
});

describe("fetch_url off by default", () => {
  it("GIVEN a config without [web_fetch] WHEN a model is asked THEN fetch_url is not offered", async () => {
    const plain = await startBotHarness();
    try {
      plain.bedrock.script(TEST_MODEL.id, { text: "hello" });
      const question = plain.discord.userSays({ channelId: plain.ids.general, authorId: plain.ids.alice, content: "read https://example.com", mentionsBot: true });
      await plain.discord.waitForMessage({ channelId: plain.ids.general, where: (message) => message.messageReference?.message_id === question.id && answerFinished(message) });
      const offered = (plain.bedrock.requests[0]?.body.toolConfig.tools as { toolSpec: { name: string } }[]).map((tool) => tool.toolSpec.name);
      expect(offered).toEqual(["current_time", "calculator"]);
    } finally {
      await plain.stop();
    }
  });
});
