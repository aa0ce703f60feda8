/** plan_batch is guarded like /batch: a member outside `[batch] allow_users` gets no plan, and the model is told why. */
import { describe, expect, it } from "vitest";
import { questionsCsv } from "../../bedrock/batch/run/batch-run-kit.ts";
import { answerFinished } from "../answer-predicates.ts";
import type { BatchBotKit } from "./batch-bot-kit.ts";
import { keysUnder } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
useBatchBotKit({ batch: 'allow_users = ["100000000000000001"]' }, (started) => ({ kit } = started));

describe("plan_batch guards", () => {
  it("GIVEN a member not allowed to start batch jobs WHEN the model calls plan_batch THEN no plan is posted or held and the model is told why", async () => {
    kit.bedrock.script("us.amazon.nova-lite-v1:0", { text: "Planning.", toolUses: [{ name: "plan_batch", input: { template: "Answer briefly: {question}" } }] }, { text: "You are not allowed to run batch jobs here." });
    const question = kit.discord.userSays({
      channelId: kit.ids.general,
      authorId: kit.ids.bob,
      content: "answer all of these",
      mentionsBot: true,
      attachments: [{ filename: "questions.csv", bytes: questionsCsv(150), contentType: "text/csv" }],
    });
    const answer = await kit.discord.waitForMessage({ channelId: kit.ids.general, where: (message) => message.messageReference?.message_id === question.id && answerFinished(message) });

    expect(answer.content).toContain("You are not allowed to run batch jobs here.");
    const toolResult = kit.bedrock.requests.at(-1)?.body.messages.at(-1).content[0].toolResult;
    expect(toolResult.status).toBe("error");
    expect(toolResult.content[0].text).toBe("plan_batch failed: Batch jobs are only available to certain users.");
    expect(kit.discord.messages(kit.ids.general).filter((message) => message.content.includes("📋 Batch plan"))).toEqual([]);
    expect(await keysUnder(kit, "runs/pending-")).toEqual([]);
    expect(kit.bedrock.batch.jobs()).toEqual([]);
  });
});
