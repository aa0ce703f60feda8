/** Bedrock trouble as the user sees it: throttling retried away, failures shown as a short reason, never silence. */
import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { TEST_MODEL, useBotHarness, type BotHarness } from "../bot-harness.ts";
import { answerFinished } from "../answer-predicates.ts";

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
    expect(answer.content).toMatch(/❌ `test\.model-v1` failed while answering \(mid-stream\): boom \(error id [0-9a-f]{8}\)/);
    expect(answer.content).not.toContain("⏳");
  });

  it("GIVEN the channel's model is no longer in the config WHEN asked THEN the default model answers, with a warning", async () => {
    await h.context.settings.updateChannel(h.ids.random, { model: "retired-model" });

    const answer = await askAndWait(h.ids.random, "who answers?");

    expect(answer.content).toContain(`⚠️ The model "retired-model" is not available; answered with ${TEST_MODEL.name}.`);
    expect(h.bedrock.requests.at(-1)?.modelId).toEqual(TEST_MODEL.id);
    await h.context.settings.updateChannel(h.ids.random, { model: undefined });
  });
});
