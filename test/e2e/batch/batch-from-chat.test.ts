/**
 * Batch from chat: a conversation with an attached CSV, a scripted model that calls `plan_batch`, the plan posted with
 * Confirm / Cancel, and from Confirm an ordinary `/batch` submission — real discord.js against the fake Discord, the
 * fake Bedrock (chat and batch plane) and s3rver.
 */
import { describe, expect, it } from "vitest";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import { questionsCsv } from "../../bedrock/batch/run/batch-run-kit.ts";
import { answerFinished } from "../answer-predicates.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { csvRows, noticesFor, press } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({}, (started) => ({ kit, bot } = started));

const NOVA = "us.amazon.nova-lite-v1:0";
const MINUTE = 60_000;
const TEMPLATE = "Answer briefly: {question}";

/** The scripted model calls `plan_batch` with `input`, then answers `closing` once it has the tool's result. */
function scriptPlanBatch(input: Record<string, unknown>, closing = "I proposed the batch; press Confirm to run it."): void {
  kit.bedrock.script(NOVA, { text: "Let me plan that.", toolUses: [{ name: "plan_batch", input }] }, { text: closing });
}

/** Alice asks, with the questions CSV attached; resolves with her message, the plan message and the finished answer. */
async function askWithCsv(rows: number): Promise<{ question: StoredMessage; plan: StoredMessage; answer: StoredMessage }> {
  const question = kit.discord.userSays({
    channelId: kit.ids.general,
    authorId: kit.ids.alice,
    content: "answer every question in this file",
    mentionsBot: true,
    attachments: [{ filename: "questions.csv", bytes: questionsCsv(rows), contentType: "text/csv" }],
  });
  const fromBot = (message: StoredMessage) => message.authorId === kit.ids.bot && message.messageReference?.message_id === question.id;
  const plan = await kit.discord.waitForMessage({ channelId: kit.ids.general, where: (message) => fromBot(message) && message.components.length > 0 && message.content.includes("📋 Batch plan") });
  const answer = await kit.discord.waitForMessage({ channelId: kit.ids.general, where: (message) => fromBot(message) && answerFinished(message) });
  return { question, plan, answer };
}

/** The text of the last tool result the model was sent. */
function lastToolResult(): { status: string; text: string } {
  const request = kit.bedrock.requests.at(-1);
  const block = (request?.body.messages.at(-1).content as { toolResult?: { status: string; content: { text?: string }[] } }[]).find((content) => content.toolResult !== undefined);
  if (block?.toolResult === undefined) throw new Error("the last request carries no tool result");
  return { status: block.toolResult.status, text: block.toolResult.content.map((content) => content.text ?? "").join("") };
}

describe("batch from chat (plan_batch)", () => {
  it("GIVEN a conversation with a 150-row CSV WHEN the model calls plan_batch THEN the plan is posted with Confirm, bob cannot confirm, and alice's Confirm runs one job with one notice of 150 rows", async () => {
    scriptPlanBatch({ template: TEMPLATE });
    const { plan, answer } = await askWithCsv(150);

    expect(plan.content).toContain("📋 Batch plan on **nova-lite**: 150 records from 150 inputs → 1 batch job");
    expect(plan.content).toMatch(/Estimated cost: \$[\d.]+ at the batch price \(on demand: \$[\d.]+\)/);
    expect(plan.content).toContain("Nothing is spent until you press **Confirm**.");
    expect(answer.content).toContain("I proposed the batch; press Confirm to run it.");
    expect(answer.content).toContain("used plan_batch");
    const told = lastToolResult();
    expect(told.status).toBe("success");
    expect(told.text).toContain("Proposed, awaiting confirmation: a batch plan of 150 records");
    expect(told.text).toContain("Nothing has run and nothing is spent");
    expect(kit.bedrock.batch.jobs()).toHaveLength(0);

    const bobClick = press(kit, plan, "confirm", kit.ids.bob);
    const refusal = await kit.discord.waitFor(() => bobClick.response);
    expect(JSON.stringify(refusal.data)).toContain(`Only <@${kit.ids.alice}> can confirm or cancel this plan.`);
    expect(kit.bedrock.batch.jobs()).toHaveLength(0);

    press(kit, plan, "confirm");
    await kit.discord.waitFor(() => kit.bedrock.batch.jobs().length === 1 && kit.discord.message(plan.id)?.content.includes("⏳ Batch job on **nova-lite**"), {
      description: "the job at Bedrock and the status message",
    });
    await kit.bedrock.advance(2 * MINUTE);
    await bot.poll();
    await kit.bedrock.batch.settle();
    await bot.poll();
    await bot.poll(); // a second cycle after the notice: nothing more is posted

    expect(kit.bedrock.batch.jobs()).toHaveLength(1);
    const notices = noticesFor(kit, kit.ids.general, plan.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.content).toContain(`<@${kit.ids.alice}> your batch job on **nova-lite** is done: 150 of 150 records succeeded.`);
    const rows = csvRows(notices[0]!);
    expect(rows).toHaveLength(150);
    expect(rows.every((row) => row.status === "succeeded" && row.source === "questions.csv")).toBe(true);
  });

  it("GIVEN a plan proposed in chat WHEN alice presses Cancel THEN nothing is submitted or spent", async () => {
    const jobsBefore = kit.bedrock.batch.jobs().length;
    const spentBefore = (await bot.usage.list({ since: new Date(0) })).length;
    scriptPlanBatch({ template: TEMPLATE });
    const { plan } = await askWithCsv(120);

    press(kit, plan, "cancel");
    await kit.discord.waitFor(() => kit.discord.message(plan.id)?.content.includes("⏹️ Cancelled; nothing was spent."), { description: "the cancelled plan" });
    expect(kit.bedrock.batch.jobs()).toHaveLength(jobsBefore);
    const spent = await bot.usage.list({ since: new Date(0) });
    expect(spent.slice(spentBefore).every((record) => record.kind === "chat")).toBe(true);
  });

  it("GIVEN a model that calls plan_batch twice in one answer THEN one plan is posted and the second call is refused", async () => {
    kit.bedrock.script(
      NOVA,
      { text: "Planning.", toolUses: [{ name: "plan_batch", input: { template: TEMPLATE } }] },
      { text: "Once more.", toolUses: [{ name: "plan_batch", input: { template: TEMPLATE } }] },
      { text: "Done." },
    );
    const { question } = await askWithCsv(110);
    const plans = kit.discord.messages(kit.ids.general).filter((message) => message.messageReference?.message_id === question.id && message.content.includes("📋 Batch plan"));
    expect(plans).toHaveLength(1);
    const told = lastToolResult();
    expect(told.status).toBe("error");
    expect(told.text).toContain("was already proposed in this answer");
  });

  it("GIVEN no attachment WHEN the model calls plan_batch with the rows the user pasted THEN the plan counts them", async () => {
    const items = Array.from({ length: 101 }, (_, index) => `Review ${index + 1}: it was fine.`);
    scriptPlanBatch({ template: "Rate this review from 1 to 5: {item}", items });
    const question = kit.discord.userSays({ channelId: kit.ids.general, authorId: kit.ids.alice, content: `rate each review:\n${items.join("\n")}`, mentionsBot: true });
    const plan = await kit.discord.waitForMessage({ channelId: kit.ids.general, where: (message) => message.messageReference?.message_id === question.id && message.content.includes("📋 Batch plan") });
    expect(plan.content).toContain("101 records from 101 inputs");
  });

  it("GIVEN /chat with pasted rows WHEN the model calls plan_batch THEN the plan is a follow-up of the answer, and its Confirm runs one job", async () => {
    const items = Array.from({ length: 100 }, (_, index) => `City ${index + 1}`);
    const jobsBefore = kit.bedrock.batch.jobs().length;
    scriptPlanBatch({ template: "Name the country of {item}.", items });
    const command = kit.discord.runCommand({ name: "chat", channelId: kit.ids.general, userId: kit.ids.alice, options: { prompt: `which country is each of these in? ${items.join(", ")}` } });
    const plan = await kit.discord.waitFor(() => kit.discord.followUps(command).find((message) => message.content.includes("📋 Batch plan")), { description: "the plan as a follow-up" });
    expect(plan.content).toContain("100 records from 100 inputs → 1 batch job");

    press(kit, plan, "confirm");
    await kit.discord.waitFor(() => kit.bedrock.batch.jobs().length === jobsBefore + 1 && kit.discord.message(plan.id)?.content.includes("⏳ Batch job"), { description: "the job and its status message" });
  });
});
