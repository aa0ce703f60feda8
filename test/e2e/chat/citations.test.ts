/**
 * Citations in chat, through the real clients against the fakes: a model with `citations = true` gets its documents
 * with citations enabled and the answer ends with numbered footnotes; `/model citations:` turns them on for a
 * channel; a model without citation support is refused by the service, and the user sees why.
 */
import { describe, expect, it } from "vitest";
import { PDF_BYTES } from "../../bedrock/read-fixture.ts";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { answerFinished } from "../answer-predicates.ts";
import { OTHER_MODEL, useBotHarness, type BotHarness } from "../bot-harness.ts";
import { runCommandAndWait } from "../commands/command-kit.ts";

const CLAUDE_ID = "anthropic.claude-3-7-sonnet-20250219-v1:0";
const NOTES = "The office opens at 9 am on weekdays. Parking is free for visitors. Lunch is served at noon.";

let h: BotHarness;
useBotHarness((started) => (h = started), { modelKeys: { "test-model": { model_identifier: CLAUDE_ID, citations: true } } });

async function askWithFiles(channelId: string, files: { filename: string; bytes: Uint8Array | string; contentType: string }[]): Promise<StoredMessage> {
  const question = h.discord.userSays({ channelId, authorId: h.ids.bob, content: "when does the office open?", mentionsBot: true, attachments: files });
  return await h.discord.waitForMessage({ channelId, where: (m) => m.messageReference?.message_id === question.id && answerFinished(m) });
}

describe("citations in chat", () => {
  it("GIVEN a citing model WHEN asked about a text file and a PDF THEN documents ask for citations and the streamed answer ends with numbered footnotes", async () => {
    const answer = await askWithFiles(h.ids.general, [
      { filename: "office notes.txt", bytes: NOTES, contentType: "text/plain" },
      { filename: "report.pdf", bytes: PDF_BYTES, contentType: "application/pdf" },
    ]);

    const sent = h.bedrock.requests.at(-1);
    expect(sent?.operation).toEqual("ConverseStream");
    const documents = (sent?.body.messages[0].content as { document?: { name: string; citations?: unknown } }[]).flatMap((block) => (block.document === undefined ? [] : [block.document]));
    expect(documents.map((document) => [document.name, document.citations])).toEqual([
      ["office notes", { enabled: true }],
      ["report", { enabled: true }],
    ]);
    const lines = answer.content.split("\n");
    expect(lines[0]).toEqual("From the documents: The office opens at 9 am on weekdays.[1]report is cited.[2]");
    expect(lines[1]).toEqual("-# [1] office notes · chars 0–37 · “The office opens at 9 am on weekdays.”");
    expect(lines[2]).toEqual("-# [2] report · p. 1");
    expect(answer.content.length).toBeLessThanOrEqual(2000);
  });

  it("GIVEN /model citations:True for a channel on a model without citation support WHEN a document is asked about THEN the service's refusal is shown", async () => {
    const set = await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.random, userId: h.ids.alice, options: { name: OTHER_MODEL.name } });
    expect(set.content).toContain(`Set **${OTHER_MODEL.name}**`);
    const on = await runCommandAndWait(h.discord, { name: "model", channelId: h.ids.random, userId: h.ids.alice, options: { citations: true } });
    expect(on.content).toContain(`Citations are now on in <#${h.ids.random}>`);

    const answer = await askWithFiles(h.ids.random, [{ filename: "notes.txt", bytes: NOTES, contentType: "text/plain" }]);

    expect(h.bedrock.requests.at(-1)?.body.messages[0].content[0].document.citations).toEqual({ enabled: true });
    expect(answer.content).toContain("does not support citations");
  });
});
