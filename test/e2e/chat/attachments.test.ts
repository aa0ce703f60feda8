/** Attachments reach the model as content blocks, fetched only from the allowed CDN and only up to the size cap. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { padded, PDF_BYTES, PNG_BYTES } from "../../bedrock/read-fixture.ts";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { startBotHarness, type BotHarness } from "../bot-harness.ts";
import { answerFinished } from "../answer-predicates.ts";

let h: BotHarness;
/** Every URL the bot downloaded. */
const fetched: string[] = [];
beforeAll(async () => {
  h = await startBotHarness({
    bot: { max_attachment_mb: 0.01 }, // ~10 KB, so an oversized file is cheap to make
    context: {
      fetch: (input, init) => {
        fetched.push(input instanceof Request ? input.url : String(input));
        return globalThis.fetch(input, init);
      },
    },
  });
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => {
  h.bedrock.reset();
  fetched.length = 0;
});


async function answerTo(question: StoredMessage): Promise<StoredMessage> {
  return await h.discord.waitForMessage({ channelId: question.channelId, where: (m) => m.messageReference?.message_id === question.id && answerFinished(m) });
}

describe("attachments", () => {
  it("GIVEN an image and a PDF WHEN alice asks about them THEN the model gets an image block and a document block", async () => {
    const question = h.discord.userSays({
      channelId: h.ids.general,
      authorId: h.ids.alice,
      content: "what are these?",
      mentionsBot: true,
      attachments: [
        { filename: "dot.png", bytes: PNG_BYTES, contentType: "image/png" },
        { filename: "report.pdf", bytes: PDF_BYTES, contentType: "application/pdf" },
      ],
    });
    const answer = await answerTo(question);

    const content = h.bedrock.requests.at(-1)?.body.messages[0].content as Record<string, { format?: string; name?: string }>[];
    expect(content.map((block) => Object.keys(block)[0])).toEqual(["image", "document", "text"]); // files before the question
    expect(content[0]?.image?.format).toEqual("png");
    expect(content[1]?.document).toMatchObject({ format: "pdf", name: "report" });
    expect(answer.content).toContain(`[image png ${PNG_BYTES.length} bytes]`);
    expect(fetched).toHaveLength(2);
    expect(fetched.every((url) => url.startsWith(h.discord.cdnBaseUrl))).toBe(true);
  });

  it("GIVEN an attachment whose URL points off the CDN WHEN asked THEN it is not downloaded and the answer says it was dropped", async () => {
    const planted = h.discord.addAttachment(PNG_BYTES, "evil.png", "image/png", h.ids.general);
    planted.url = "http://169.254.169.254/latest/meta-data/evil.png"; // what a forged payload could carry
    const question = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.bob, content: "look", mentionsBot: true, attachments: [planted] });
    const answer = await answerTo(question);

    expect(fetched).toEqual([]);
    expect(answer.content).toContain(`⚠️ dropped "evil.png": it is not hosted on Discord's CDN, so the bot does not download it`);
    expect(h.bedrock.requests.at(-1)?.body.messages[0].content).toEqual([{ text: "Bob: look" }]);
  });

  it("GIVEN a file over max_attachment_mb WHEN asked THEN it is not downloaded and the answer names the limit", async () => {
    const question = h.discord.userSays({
      channelId: h.ids.random,
      authorId: h.ids.alice,
      content: "summarise",
      mentionsBot: true,
      attachments: [{ filename: "big.pdf", bytes: padded(PDF_BYTES, 20_000), contentType: "application/pdf" }],
    });
    const answer = await answerTo(question);

    expect(fetched).toEqual([]);
    expect(answer.content).toMatch(/⚠️ dropped "big\.pdf": the file is [\d.]+ MB, the bot reads files up to [\d.]+ MB/);
  });
});
