import { describe, expect, it } from "vitest";
import { UserFacingError } from "../../../src/bedrock/errors/user-facing-error.ts";
import { buildConversation, type ConversationInput } from "../../../src/bot/chat/build-conversation.ts";
import type { ChatAttachment, ChatMessage } from "../../../src/bot/chat/chat-message.ts";
import { collectReplyChain } from "../../../src/bot/chat/collect-reply-chain.ts";
import { JPEG_BYTES, padded, PDF_BYTES, PNG_BYTES } from "../../bedrock/read-fixture.ts";
import { attachment, BOT_ID, botMessage, userMessage } from "./chat-messages.ts";

const MB = 1024 * 1024;

/** Files served by name; a name not here fails to download. */
function files(byName: Record<string, Uint8Array>): ConversationInput["fetchAttachment"] {
  return (file: ChatAttachment) => {
    const bytes = byName[file.filename];
    return bytes === undefined ? Promise.reject(new Error("socket hang up")) : Promise.resolve(bytes);
  };
}

function build(history: ChatMessage[], overrides: Partial<ConversationInput> = {}) {
  return buildConversation({
    history,
    botUserId: BOT_ID,
    historyLimit: 25,
    hasMessageContentIntent: true,
    fetchAttachment: files({}),
    ...overrides,
  });
}

describe("buildConversation", () => {
  it("GIVEN a reply chain WHEN built THEN users speak by name without the bot's mention, the bot's footers are gone", async () => {
    const history = [
      userMessage("1", "alice", "<@900> What is 6*7?"),
      botMessage("2", "-# 🔧 used calculator\n42.\n-# claude-haiku · 1,040 in · 12 out · $0.0011"),
      userMessage("3", "alice", "<@!900>   and times 2?"),
    ];

    expect(await build(history)).toEqual({
      value: {
        messages: [
          { role: "user", content: [{ text: "alice: What is 6*7?" }] },
          { role: "assistant", content: [{ text: "42." }] },
          { role: "user", content: [{ text: "alice: and times 2?" }] },
        ],
      },
      warnings: [],
    });
  });

  it("GIVEN consecutive messages of one role WHEN built THEN they merge: users' blocks side by side, an answer's parts into one text", async () => {
    const history = [
      userMessage("1", "alice", "Let's plan the trip."),
      userMessage("2", "bob", "<@900> what should we pack?"),
      botMessage("3", "Part one of a long answer"),
      botMessage("4", "and part two.\n-# claude-haiku · 10 in · 500 out"),
      userMessage("5", "alice", "Thanks"),
    ];

    expect((await build(history)).value.messages).toEqual([
      { role: "user", content: [{ text: "alice: Let's plan the trip." }, { text: "bob: what should we pack?" }] },
      { role: "assistant", content: [{ text: "Part one of a long answer\nand part two." }] },
      { role: "user", content: [{ text: "alice: Thanks" }] },
    ]);
  });

  it("GIVEN a chain that starts with the bot's messages WHEN built THEN they become user-side context, with a warning", async () => {
    const history = [
      botMessage("1", "Batch job 7 finished: 120 records, 3 failed."),
      botMessage("2", "Results are attached."),
      userMessage("3", "alice", "<@900> why did 3 fail?"),
    ];

    expect(await build(history)).toEqual({
      value: {
        messages: [
          {
            role: "user",
            content: [{ text: "Bedrock: Batch job 7 finished: 120 records, 3 failed." }, { text: "Bedrock: Results are attached." }, { text: "alice: why did 3 fail?" }],
          },
        ],
      },
      warnings: ["The conversation starts with a message from the bot; the model got it as context, not as its own words."],
    });
  });

  it("GIVEN more history than history_limit WHEN built THEN only the newest messages, and the user is told", async () => {
    const history = [userMessage("1", "alice", "one"), botMessage("2", "two"), userMessage("3", "alice", "three"), botMessage("4", "four"), userMessage("5", "alice", "five")];

    const built = await build(history, { historyLimit: 3 });

    expect(built).toEqual({
      value: {
        messages: [
          { role: "user", content: [{ text: "alice: three" }] },
          { role: "assistant", content: [{ text: "four" }] },
          { role: "user", content: [{ text: "alice: five" }] },
        ],
      },
      warnings: ["Only the last 3 messages of this conversation were read (history_limit)."],
    });
  });

  it("GIVEN other users' messages without the MESSAGE_CONTENT intent WHEN built THEN they are skipped and the reason given", async () => {
    const history = [userMessage("1", "bob", ""), userMessage("2", "carol", ""), userMessage("3", "alice", "<@900> summarise the above")];

    expect(await build(history, { hasMessageContentIntent: false })).toEqual({
      value: { messages: [{ role: "user", content: [{ text: "alice: summarise the above" }] }] },
      warnings: ["Couldn't read 2 messages from other users in this conversation: the bot lacks the Message Content intent."],
    });
    expect((await build(history)).warnings).toEqual([]);
  });

  it("GIVEN images across messages beyond the request's limit WHEN built THEN the newest win and the older are dropped by name", async () => {
    const history = [
      userMessage("1", "alice", "old photos", { attachments: [attachment("old1.png"), attachment("old2.jpg")] }),
      botMessage("2", "Nice."),
      userMessage("3", "alice", "new photos", { attachments: [attachment("new1.png"), attachment("new2.jpg")] }),
    ];
    const fetchAttachment = files({ "old1.png": PNG_BYTES, "old2.jpg": JPEG_BYTES, "new1.png": PNG_BYTES, "new2.jpg": JPEG_BYTES });

    const built = await build(history, { fetchAttachment, contentLimits: { maxImages: 3 } });

    expect(built).toEqual({
      value: {
        messages: [
          { role: "user", content: [{ image: { format: "png", source: { bytes: PNG_BYTES } } }, { text: "alice: old photos" }] },
          { role: "assistant", content: [{ text: "Nice." }] },
          {
            role: "user",
            content: [
              { image: { format: "png", source: { bytes: PNG_BYTES } } },
              { image: { format: "jpeg", source: { bytes: JPEG_BYTES } } },
              { text: "alice: new photos" },
            ],
          },
        ],
      },
      warnings: ['dropped "old2.jpg": Bedrock accepts at most 3 images per request, and other messages already carry 2'],
    });
  });

  it("GIVEN more documents across messages than Bedrock's 5 WHEN built THEN the oldest extra one is dropped", async () => {
    const old = ["a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf"].map((name) => attachment(name));
    const history = [userMessage("1", "alice", "five reports", { attachments: old }), userMessage("2", "alice", "and one more", { attachments: [attachment("f.pdf")] })];
    const fetchAttachment = () => Promise.resolve(PDF_BYTES);

    const built = await build(history, { fetchAttachment });

    expect(built.value.messages[0]?.content?.filter((block) => block.document !== undefined)).toHaveLength(5);
    expect(built.warnings).toEqual(['dropped "e.pdf": Bedrock accepts at most 5 documents per request, and other messages already carry 1']);
  });

  it("GIVEN oversized, undownloadable, refused and bot-owned files WHEN built THEN each is dropped with its reason", async () => {
    const history = [
      botMessage("1", "Here is the report.", { attachments: [attachment("results.csv")] }),
      botMessage("1b", "-# claude-haiku · 1 in · 2 out", { attachments: [attachment("chart.png")] }),
      userMessage("2", "alice", "<@900> look at these", {
        attachments: [attachment("huge.png"), attachment("flaky.pdf"), attachment("elsewhere.pdf"), attachment("doc.pdf")],
      }),
    ];
    const byName = { "huge.png": padded(PNG_BYTES, 5.2 * MB), "doc.pdf": PDF_BYTES };
    const fetchAttachment = (file: ChatAttachment) =>
      file.filename === "elsewhere.pdf" ? Promise.reject(new UserFacingError("it is not hosted on Discord's CDN, so the bot does not download it")) : files(byName)(file);

    const built = await build([userMessage("0", "alice", "hi"), ...history], { fetchAttachment });

    expect(built.value.messages.at(-1)).toEqual({
      role: "user",
      content: [{ document: { format: "pdf", name: "doc", source: { bytes: PDF_BYTES } } }, { text: "alice: look at these" }],
    });
    expect(built.value.messages).toHaveLength(3); // the files-only bot message adds no blank turn
    expect(built.value.messages[1]).toEqual({ role: "assistant", content: [{ text: "Here is the report." }] });
    expect(built.warnings).toEqual([
      `dropped "results.csv": files in the bot's own answers are not sent back to the model`,
      `dropped "chart.png": files in the bot's own answers are not sent back to the model`,
      'dropped "flaky.pdf": it could not be downloaded (socket hang up)',
      `dropped "elsewhere.pdf": it is not hosted on Discord's CDN, so the bot does not download it`,
      'dropped "huge.png": image is 5.2 MB, Bedrock accepts at most 3.75 MB',
    ]);
  });

  it("GIVEN documents of the same name in two messages WHEN built THEN the names are unique across the request", async () => {
    const history = [
      userMessage("1", "alice", "", { attachments: [attachment("report.pdf")] }),
      botMessage("2", "Got it."),
      userMessage("3", "alice", "and the new one", { attachments: [attachment("report.pdf")] }),
    ];

    const built = await build(history, { fetchAttachment: files({ "report.pdf": PDF_BYTES }) });

    expect(built.value.messages.map((message) => message.content?.map((block) => block.document?.name ?? block.text))).toEqual([
      ["report", "alice sent an attachment."],
      ["Got it."],
      ["report (2)", "alice: and the new one"],
    ]);
  });

  it("GIVEN two branches of one reply chain WHEN each is built THEN the conversations share their past and differ in the last turn", async () => {
    const root = userMessage("1", "alice", "<@900> Name a colour.");
    const answer = botMessage("2", "Blue.", { referenceMessageId: "1" });
    const left = userMessage("3", "alice", "Another one?", { referenceMessageId: "2" });
    const right = userMessage("4", "bob", "Why that one?", { referenceMessageId: "2" });
    const byId = new Map([root, answer, left, right].map((message) => [message.id, message]));
    const fetchMessage = (id: string) => Promise.resolve(byId.get(id));

    const [a, b] = await Promise.all(
      [left, right].map(async (trigger) => build((await collectReplyChain(trigger, fetchMessage, 26)).value)),
    );

    const shared = [
      { role: "user", content: [{ text: "alice: Name a colour." }] },
      { role: "assistant", content: [{ text: "Blue." }] },
    ];
    expect(a?.value.messages).toEqual([...shared, { role: "user", content: [{ text: "alice: Another one?" }] }]);
    expect(b?.value.messages).toEqual([...shared, { role: "user", content: [{ text: "bob: Why that one?" }] }]);
  });
});
