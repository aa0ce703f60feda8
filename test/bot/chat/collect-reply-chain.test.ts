import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../../src/bot/chat/chat-message.ts";
import { collectReplyChain, type FetchMessage } from "../../../src/bot/chat/collect-reply-chain.ts";
import { botMessage, userMessage } from "./chat-messages.ts";

/** A channel where one answer was replied to twice: two branches sharing their past. */
const root = userMessage("1", "alice", "<@900> What is the capital of France?");
const answer = botMessage("2", "Paris.", { referenceMessageId: "1" });
const branchA = userMessage("3", "alice", "And of Italy?", { referenceMessageId: "2" });
const branchB = userMessage("4", "bob", "Say it in French.", { referenceMessageId: "2" });
const branchA2 = botMessage("5", "Rome.", { referenceMessageId: "3" });
const branchA3 = userMessage("6", "alice", "Thanks!", { referenceMessageId: "5" });

function store(messages: ChatMessage[]): FetchMessage & { calls: string[] } {
  const byId = new Map(messages.map((message) => [message.id, message]));
  const calls: string[] = [];
  return Object.assign((id: string, channelId: string) => {
    calls.push(`${channelId}/${id}`);
    return Promise.resolve(byId.get(id));
  }, { calls });
}

describe("collectReplyChain", () => {
  it("GIVEN two replies to the same answer WHEN each is collected THEN each branch has the shared past and only its own reply", async () => {
    const fetch = store([root, answer, branchA, branchB, branchA2, branchA3]);

    const a = await collectReplyChain(branchA3, fetch, 26);
    const b = await collectReplyChain(branchB, fetch, 26);

    expect(a).toEqual({ value: [root, answer, branchA, branchA2, branchA3], warnings: [] });
    expect(b).toEqual({ value: [root, answer, branchB], warnings: [] });
  });

  it("GIVEN a chain longer than asked WHEN collected THEN only the newest messages, without fetching further", async () => {
    const fetch = store([root, answer, branchA, branchA2, branchA3]);

    const chain = await collectReplyChain(branchA3, fetch, 3);

    expect(chain.value.map((message) => message.id)).toEqual(["3", "5", "6"]);
    expect(fetch.calls).toEqual(["c1/5", "c1/3"]);
  });

  it("GIVEN a deleted message in the chain WHEN collected THEN the chain starts after it, with a warning", async () => {
    const fetch = store([answer, branchA]);

    const chain = await collectReplyChain(branchA, fetch, 26);

    expect(chain).toEqual({
      value: [answer, branchA],
      warnings: ["A message earlier in this reply chain could not be loaded (deleted?); the conversation starts after it."],
    });
  });

  it("GIVEN a failing fetch, a reference to another channel and a loop WHEN collected THEN each ends the walk safely", async () => {
    const failing: FetchMessage = () => Promise.reject(new Error("Missing Access"));
    const starter = userMessage("10", "alice", "thread start", { channelId: "parent" });
    const inThread = userMessage("11", "alice", "first in thread", { channelId: "thread", referenceMessageId: "10", referenceChannelId: "parent" });
    const loopA = userMessage("20", "alice", "a", { referenceMessageId: "21" });
    const loopB = userMessage("21", "alice", "b", { referenceMessageId: "20" });
    const fetch = store([starter, loopA, loopB]);

    expect((await collectReplyChain(branchA, failing, 26)).value).toEqual([branchA]);
    expect((await collectReplyChain(inThread, fetch, 26)).value).toEqual([starter, inThread]);
    expect(fetch.calls).toEqual(["parent/10"]);
    expect((await collectReplyChain(loopA, fetch, 26)).value).toEqual([loopB, loopA]);
  });
});
