/** `/batch` commands around a submission, end to end: a small on-demand run, Cancel before spending, status and list. */
import { describe, expect, it } from "vitest";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { csvRows, planOf, press, runQuestions } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({}, (started) => ({ kit, bot } = started));

const onDemandRequests = () => kit.bedrock.requests.filter((request) => request.operation === "Converse").length;

describe("/batch commands", () => {
  it("GIVEN 3 attached text files and policy on_demand WHEN confirmed THEN they are answered at once (flex refused by the model: the usual tier, with a note) and the results CSV is attached, with no batch job", async () => {
    const files = ["a", "b", "c"].map((name) => ({ filename: `${name}.txt`, bytes: Buffer.from(`text of ${name}`), contentType: "text/plain" }));
    const command = kit.discord.runCommand({
      name: "batch",
      subcommand: "submit",
      channelId: kit.ids.general,
      userId: kit.ids.alice,
      options: { file1: files[0]!, file2: files[1]!, file3: files[2]!, prompt: "Translate to French.", model: "nova-lite", policy: "on_demand" },
    });
    const plan = await planOf(kit, command);
    expect(plan.content).toContain("Policy: **on_demand**");

    press(kit, plan, "confirm");
    const answered = await kit.discord.waitFor(() => {
      const message = kit.discord.message(plan.id);
      return message?.content.includes("✅ Answered on demand: 3 of 3 records succeeded") === true ? message : undefined;
    });
    expect(kit.bedrock.batch.jobs()).toHaveLength(0);
    // [batch] on_demand_tier = "flex" (the default): Nova Lite refuses flex, so one refused try, then the usual tier.
    const tiers = kit.bedrock.requests.filter((request) => request.operation === "Converse").map((request) => (request.body as { serviceTier?: { type: string } }).serviceTier?.type);
    expect(tiers).toEqual(["flex", undefined, undefined, undefined]);
    expect(onDemandRequests()).toBe(4);
    expect(answered.content).toContain("-# ℹ️ nova-lite does not serve the flex tier (Bedrock: \"The model us.amazon.nova-lite-v1:0 does not support the flex service tier.");
    const rows = csvRows(answered);
    expect(rows.map((row) => [row.source, row.status])).toEqual([
      ["a.txt", "succeeded"],
      ["b.txt", "succeeded"],
      ["c.txt", "succeeded"],
    ]);
    expect(rows[1]?.output_text).toContain("text of b");

    // Spent at full price, so /usage and the spend cap count it.
    const [spent, ...more] = await bot.usage.list({ since: new Date(0), userId: kit.ids.alice });
    expect(more).toEqual([]);
    const model = kit.config.data.models.find((candidate) => candidate.name === "nova-lite")!;
    const tokens = rows.reduce((sum, row) => ({ in: sum.in + Number(row.input_tokens), out: sum.out + Number(row.output_tokens) }), { in: 0, out: 0 });
    expect(spent).toMatchObject({ kind: "batch", model: "nova-lite", guildId: kit.ids.guild, inputTokens: tokens.in, outputTokens: tokens.out });
    expect(tokens.in).toBeGreaterThan(0);
    expect(spent?.costUsd).toBeCloseTo((tokens.in * model.price_in + tokens.out * model.price_out) / 1e6, 12);
  });

  it("GIVEN a plan WHEN bob presses Confirm THEN he is refused; WHEN alice presses Cancel THEN nothing is submitted", async () => {
    const plan = await planOf(kit, runQuestions(kit));
    const bobClick = press(kit, plan, "confirm", kit.ids.bob);
    const refusal = await kit.discord.waitFor(() => bobClick.response);
    expect(JSON.stringify(refusal.data)).toContain("can confirm or cancel this plan");

    press(kit, plan, "cancel");
    await kit.discord.waitFor(() => kit.discord.message(plan.id)?.content.includes("⏹️ Cancelled; nothing was spent."));
    expect(kit.bedrock.batch.jobs()).toHaveLength(0);
  });

  it("GIVEN alice's job in progress WHEN she asks /batch status and /batch list THEN she sees its progress bar and it is listed", async () => {
    const plan = await planOf(kit, runQuestions(kit));
    press(kit, plan, "confirm");
    await kit.discord.waitFor(() => kit.bedrock.batch.jobs().length === 1);
    // The press is answered with the job's status once its submission is done; the watcher's edits come after.
    await kit.discord.waitFor(() => kit.discord.message(plan.id)?.content.startsWith("⏳ Batch job"), { description: "the status message" });
    const jobName = kit.bedrock.batch.jobs()[0]!.jobName;
    await kit.bedrock.advance(2 * 60_000);
    await kit.bedrock.tick();
    await kit.bedrock.tick();
    await bot.poll();

    const status = kit.discord.runCommand({ name: "batch", subcommand: "status", channelId: kit.ids.general, userId: kit.ids.alice, options: { job: jobName } });
    const statusText = JSON.stringify((await kit.discord.waitFor(() => status.response)).data);
    expect(statusText).toMatch(/`[█░]{20}` \d+% · \d+ of 100 records/);
    const list = kit.discord.runCommand({ name: "batch", subcommand: "list", channelId: kit.ids.general, userId: kit.ids.alice });
    expect(JSON.stringify((await kit.discord.waitFor(() => list.response)).data)).toContain(jobName);
    const bobList = kit.discord.runCommand({ name: "batch", subcommand: "list", channelId: kit.ids.general, userId: kit.ids.bob });
    expect(JSON.stringify((await kit.discord.waitFor(() => bobList.response)).data)).toContain("No batch jobs to show.");
    // Not by widening the scope either, nor by naming the job: bob is neither its owner nor an admin.
    const bobChannelList = kit.discord.runCommand({ name: "batch", subcommand: "list", channelId: kit.ids.general, userId: kit.ids.bob, options: { scope: "channel" } });
    expect(JSON.stringify((await kit.discord.waitFor(() => bobChannelList.response)).data)).toContain("No batch jobs to show.");
    const bobStatus = kit.discord.runCommand({ name: "batch", subcommand: "status", channelId: kit.ids.general, userId: kit.ids.bob, options: { job: jobName } });
    const bobStatusText = JSON.stringify((await kit.discord.waitFor(() => bobStatus.response)).data);
    expect(bobStatusText).toContain("Only the member who started this job, or an admin of its server, can see it.");
    expect(bobStatusText).not.toContain("of 100 records");
    // The status message was edited by the watcher with the same progress.
    expect(kit.discord.message(plan.id)?.content).toMatch(/`[█░]{20}` \d+% · \d+ of 100 records/);
  });
});
