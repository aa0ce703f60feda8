/** Bedrock trouble as the user sees it: throttling retried away, failures shown as a short reason, never silence. */
import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { TEST_MODEL, useBotHarness, type BotHarness } from "../bot-harness.ts";
import { answerFinished } from "../answer-predicates.ts";
import { corpusJson } from "../../fakes/replay/recordings.ts";

let h: BotHarness;
useBotHarness((started) => (h = started));


async function askAndWait(channelId: string, content: string): Promise<StoredMessage> {
  const question = h.discord.userSays({ channelId, authorId: h.ids.alice, content, mentionsBot: true });
  return await h.discord.waitForMessage({ channelId, where: (m) => m.messageReference?.message_id === question.id && answerFinished(m) });
}

describe("Bedrock failures", () => {
  it("GIVEN Bedrock throttles twice WHEN asked THEN the SDK's retries get through and the answer is normal", async () => {
    h.bedrock.fail(2, { status: 429, type: "ThrottlingException", message: "Too many requests, please wait before trying again." });

    const answer = await askAndWait(h.ids.general, "hello");

    expect(answer.content).toContain("echo: Alice: hello");
    expect(answer.content).not.toContain("❌");
    expect(h.bedrock.requests).toHaveLength(3);
  });

  it("GIVEN Bedrock throttles every attempt WHEN asked THEN the answer shows the throttling sentence, with Retry, and no usage is recorded", async () => {
    const before = h.usage.records.length;
    h.bedrock.fail(3, { status: 429, type: "ThrottlingException", message: "Too many requests, please wait before trying again." });

    const answer = await askAndWait(h.ids.general, "hello again");

    expect(answer.content).toContain(`❌ Bedrock is throttling requests to \`${TEST_MODEL.id}\``);
    expect(answer.content).toContain("Try again in a minute.");
    expect(answer.content).not.toContain("error id");
    expect(JSON.stringify(answer.components)).toContain("bdb:retry:");
    expect(h.usage.records).toHaveLength(before);
  });

  it("GIVEN the stream breaks mid-answer WHEN it fails THEN the partial text stays and the failure line carries an error id", async () => {
    h.bedrock.script(TEST_MODEL.id, { text: "The beginning of a thought that never", streamError: { afterEvents: 4, type: "modelStreamErrorException", message: "boom" } });

    const answer = await askAndWait(h.ids.random, "think");

    expect(answer.content).toMatch(/^The beginning/);
    // The model's own failure (originalStatusCode / originalMessage of the exception) is part of the sentence.
    expect(answer.content).toMatch(
      /❌ `test\.model-v1` failed while answering \(mid-stream\): boom \(the model answered 500: The model stream failed\.\) \(error id [0-9a-f]{8}\)/,
    );
    expect(answer.content).not.toContain("⏳");
  });

  // Before: a cut stream was a normal answer (stop reason unknown), with 0 tokens and $0 recorded.
  it.each([
    ["between two events", false],
    ["inside an event", true],
  ])("GIVEN the connection drops %s WHEN the answer stops THEN the user sees it was cut off, and its estimated tokens count against the spend cap", async (_where, midFrame) => {
    const before = h.usage.records.length;
    h.bedrock.script(TEST_MODEL.id, { text: "The first part of an answer that goes on and on", cutAfterEvents: 3, midFrame });

    const answer = await askAndWait(h.ids.random, "tell me everything");

    expect(answer.content).toMatch(/^The first part/);
    expect(answer.content).toContain("❌ The answer from `test.model-v1` was cut off: the connection ended before Bedrock finished sending it");
    expect(answer.content).toContain("were estimated and counted against the spend cap");
    expect(answer.content).toMatch(/-# test-model · ~[\d,]+ in · ~[\d,]+ out · ~\$/);
    const record = h.usage.records.at(-1);
    expect(h.usage.records).toHaveLength(before + 1);
    expect(record).toMatchObject({ kind: "chat", model: TEST_MODEL.name });
    expect(record?.inputTokens).toBeGreaterThan(0);
    expect(record?.outputTokens).toBeGreaterThan(0);
    expect(record?.costUsd).toBeCloseTo(((record?.inputTokens ?? 0) * TEST_MODEL.priceIn + (record?.outputTokens ?? 0) * TEST_MODEL.priceOut) / 1e6, 12);
  });

  // Before: IAM-permission advice without AWS's words, and no setup advice for the invalid identifier.
  it.each([
    ["errors/marketplace-access-denied.error.json", /❌ Model access for `test\.model-v1` is not enabled: its AWS Marketplace subscription is missing.*AWS says: "Model access is denied due to/],
    ["errors/invalid-model-identifier.error.json", /❌ Bedrock has no model `test\.model-v1` in this region \(AWS: "The provided model identifier is invalid\."\): check model_identifier/],
  ])("GIVEN Bedrock answers with the recorded %s WHEN asked THEN the user reads what to fix, in AWS's words too", async (file, sentence) => {
    const recorded = corpusJson(file) as { status: number; headers: Record<string, string>; body: string };
    const type = (recorded.headers["x-amzn-errortype"] ?? "").split(":")[0] ?? "";
    h.bedrock.fail(1, { status: recorded.status, type, message: (JSON.parse(recorded.body) as { message: string }).message });

    const answer = await askAndWait(h.ids.general, "hello?");

    expect(answer.content).toMatch(sentence);
    expect(answer.content).not.toContain("error id");
  });

  it("GIVEN the channel's model is no longer in the config WHEN asked THEN the default model answers, with a warning", async () => {
    await h.context.settings.updateChannel(h.ids.random, { model: "retired-model" });

    const answer = await askAndWait(h.ids.random, "who answers?");

    expect(answer.content).toContain(`⚠️ The model "retired-model" is not available; answered with ${TEST_MODEL.name}.`);
    expect(h.bedrock.requests.at(-1)?.modelId).toEqual(TEST_MODEL.id);
    await h.context.settings.updateChannel(h.ids.random, { model: undefined });
  });
});
