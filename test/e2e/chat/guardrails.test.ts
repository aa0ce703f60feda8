/**
 * A Bedrock guardrail in chat, through the real discord.js and AWS SDK clients against the fakes: the config assigns
 * it to #general, `/guardrail` assigns another to #random; when it intervenes the channel sees the blocked message and
 * one clear sentence, an admin sees which policy fired (privately), a member is told it is for admins, and the trace
 * (with the model's blocked output) is logged but never posted.
 */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/create-logger.ts";
import type { FakeInteraction, StoredMessage } from "../../fakes/discord/index.ts";
import { answerFinished } from "../answer-predicates.ts";
import { TEST_MODEL, useBotHarness, type BotHarness } from "../bot-harness.ts";
import { registerCommands, runCommandAndWait } from "../commands/command-kit.ts";

const logLines: string[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
    done();
  },
});

const STRICT = { identifier: "gr1strict", version: "3" };
const LENIENT = { identifier: "gr2lenient", version: "DRAFT" };
const SECRET_OUTPUT = "Step one of the forbidden plan";

let h: BotHarness;
useBotHarness((started) => (h = started), {
  guardrails: (discord) => [
    { name: "strict", ...STRICT, trace: "enabled", stream_processing: "sync", channels: [discord.channelId("general")] },
    { name: "lenient", ...LENIENT, trace: "enabled" },
    { name: "ghost", identifier: "gr9unknown", version: "1" },
  ],
  context: { logger: createLogger({ level: "info", destination: logSink }) },
});

function defineGuardrails(): void {
  h.bedrock.guardrails.define({ ...STRICT, blockedOutputsMessaging: "This answer was blocked by our content policy." });
  h.bedrock.guardrails.define(LENIENT);
}

async function ask(channelId: string, content: string): Promise<{ question: StoredMessage; answer: StoredMessage }> {
  const question = h.discord.userSays({ channelId, authorId: h.ids.bob, content, mentionsBot: true });
  const answer = await h.discord.waitForMessage({ channelId, where: (m) => m.messageReference?.message_id === question.id && answerFinished(m) });
  return { question, answer };
}

async function responseContent(interaction: FakeInteraction): Promise<string> {
  await h.discord.waitFor(() => interaction.response !== null);
  return (interaction.response?.data as { content?: string } | undefined)?.content ?? "";
}

describe("guardrails in chat", () => {
  it("GIVEN #general's configured guardrail WHEN it blocks the model's output THEN the channel sees the blocked message and one sentence, admins the policy, nobody the trace", async () => {
    defineGuardrails();
    logLines.length = 0;
    h.bedrock.script(TEST_MODEL.id, { text: SECRET_OUTPUT, guardrail: { on: "output" } });

    const { question, answer } = await ask(h.ids.general, "tell me the plan");

    const sent = h.bedrock.requests.at(-1);
    expect(sent?.operation).toEqual("ConverseStream");
    expect(sent?.body.guardrailConfig).toEqual({ guardrailIdentifier: "gr1strict", guardrailVersion: "3", trace: "enabled", streamProcessingMode: "sync" });
    expect(answer.content).toContain("This answer was blocked by our content policy.");
    expect(answer.content).toContain("The safety guardrail in force here blocked this request or its answer.");
    const everything = JSON.stringify(h.discord.messages(h.ids.general));
    expect(everything).not.toContain(SECRET_OUTPUT);
    expect(everything).not.toContain("VIOLENCE");

    const member = h.discord.clickButton({ messageId: answer.id, customId: `bdb:guardrail:${question.id}`, userId: h.ids.bob });
    expect(await responseContent(member)).toEqual("Only bot admins and members with Manage Server can see which guardrail policy fired.");
    const admin = h.discord.clickButton({ messageId: answer.id, customId: `bdb:guardrail:${question.id}`, userId: h.ids.alice });
    const detail = await responseContent(admin);
    expect(detail).toContain("output · content filter VIOLENCE (HIGH confidence) → BLOCKED");
    expect(detail).not.toContain(SECRET_OUTPUT);
    expect(admin.response?.data).toMatchObject({ flags: 64 });

    const logged = logLines.map((line) => JSON.parse(line) as { msg: string; guardrail?: string; trace?: { modelOutput?: string[] } });
    const entry = logged.find((line) => line.msg === "guardrail acted on a chat answer");
    expect(entry?.guardrail).toEqual("strict");
    expect(entry?.trace?.modelOutput).toEqual([SECRET_OUTPUT]);
  });

  it("GIVEN /guardrail by an admin for #random WHEN a blocked prompt is asked there THEN the chosen guardrail is sent and the prompt blocked; a member may not change it", async () => {
    defineGuardrails();
    await registerCommands(h.discord);
    const refused = await runCommandAndWait(h.discord, { name: "guardrail", channelId: h.ids.random, userId: h.ids.bob, options: { name: "lenient" } });
    expect(refused.content).toContain("Only bot admins and members with Manage Server can change the guardrail.");

    const set = await runCommandAndWait(h.discord, { name: "guardrail", channelId: h.ids.random, userId: h.ids.alice, options: { name: "lenient" } });
    expect(set.content).toContain(`Set guardrail **lenient** for <#${h.ids.random}> and its threads.`);
    expect(set.content).toContain("Guardrail **lenient** (version DRAFT) applies here — set for");

    h.bedrock.script(TEST_MODEL.id, { text: "never shown", guardrail: { on: "input", assessment: { topicPolicy: { topics: [{ name: "Weapons", type: "DENY", action: "BLOCKED", detected: true }] } } } });
    const { answer } = await ask(h.ids.random, "how do I build one");

    expect(h.bedrock.requests.at(-1)?.body.guardrailConfig).toMatchObject({ guardrailIdentifier: "gr2lenient", guardrailVersion: "DRAFT" });
    expect(answer.content).toContain("Sorry, the model cannot answer this question.");
    expect(answer.content).not.toContain("never shown");
    expect(answer.content).not.toContain("Weapons");
  });

  it("GIVEN /guardrail naming a guardrail the service does not know WHEN asked THEN the answer fails with the service's ValidationException wording", async () => {
    defineGuardrails();
    await registerCommands(h.discord);
    await runCommandAndWait(h.discord, { name: "guardrail", channelId: h.ids.random, userId: h.ids.alice, options: { name: "ghost" } });

    const { answer } = await ask(h.ids.random, "hello");

    expect(answer.content).toContain("The guardrail identifier or version provided in the request does not exist");
    await runCommandAndWait(h.discord, { name: "guardrail", channelId: h.ids.random, userId: h.ids.alice, options: { clear: true } });
  });
});
