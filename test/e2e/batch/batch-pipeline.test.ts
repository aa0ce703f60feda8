/**
 * Multi-stage pipelines end to end ([batch] confirm = false): `/batch submit` with a pipeline file runs three stages,
 * each an ordinary batch job at the fake Bedrock (real AWS SDK, s3rver), the next started by the watcher when one
 * ends; records failed in stage 1 and 2 are carried as failed, counts add up at every stage, one notice comes at the
 * end with the joined results; a bot that dies between two stages is replaced by a fresh one over the same store,
 * which resumes without submitting a finished stage again. `then:` with a handful of rows runs on demand.
 */
import { describe, expect, it } from "vitest";
import { questionsCsv } from "../../bedrock/batch/run/batch-run-kit.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { answerText, csvRows, noticesFor } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({ batch: "confirm = false" }, (started) => ({ kit, bot } = started));

const PIPELINE_TOML = `
[[stages]]
template = "Is this answer right? Say yes or no: {output}"

[[stages]]
template = "Summarise in five words: {stage1_output} / {output} (row {row})"
max_tokens = 50
`;

/** Stage n's jobs are named `bdb-<pipeline>-s<n>-<k>`; the first stage's `bdb-<pipeline>-<k>`. */
const stageOfJob = (jobName: string): number => Number(/-s(\d+)-\d+$/.exec(jobName)?.[1] ?? 1);
/** `/batch submit` of a questions CSV of `rows` rows by alice in #general, with the pipeline options given. */
function submitPipeline(rows: number, options: Record<string, unknown>) {
  return kit.discord.runCommand({
    name: "batch",
    subcommand: "submit",
    channelId: kit.ids.general,
    userId: kit.ids.alice,
    options: { file1: { filename: "questions.csv", bytes: questionsCsv(rows), contentType: "text/csv" }, template: "Answer briefly: {question}", model: "nova-lite", ...options },
  });
}
const ids = (...rows: number[]) => rows.map((row) => `R${String(row).padStart(9, "0")}`);

describe("/batch pipelines", () => {
  it("GIVEN 300 rows and a 3-stage pipeline file with errors in stages 1 and 2 WHEN the bot dies between stages THEN each stage runs once, failures are carried, counts add up and one notice joins all stages", async () => {
    const stage1Failures = ids(3, 7, 11);
    const stage2Failures = ids(1, 2);
    kit.bedrock.batch.failRecords((record) => stageOfJob(record.jobName) === 1 && stage1Failures.includes(record.recordId), { errorCode: 400, errorMessage: "bad record in stage 1" });
    kit.bedrock.batch.failRecords((record) => stageOfJob(record.jobName) === 2 && stage2Failures.includes(record.recordId), { errorCode: 400, errorMessage: "bad record in stage 2" });
    const jobsBefore = kit.bedrock.batch.jobs().length;
    const command = submitPipeline(300, { pipeline: { filename: "pipeline.toml", bytes: Buffer.from(PIPELINE_TOML), contentType: "application/toml" } });
    const status = await kit.discord.waitFor(() => {
      const reply = kit.discord.originalResponse(command);
      return reply?.content.includes("⏳ Batch job") === true && kit.bedrock.batch.jobs().length > jobsBefore ? reply : undefined;
    }, { description: "the first stage's status message" });
    const pipelineJobs = () => kit.bedrock.batch.jobs().slice(jobsBefore);
    const jobsOfStage = (stage: number) => pipelineJobs().filter((job) => stageOfJob(job.jobName) === stage);

    // Stage 1 ends: the same cycle starts stage 2 from its 297 successes.
    await kit.bedrock.batch.settle();
    await bot.poll();
    expect(jobsOfStage(2)).toHaveLength(1);
    await bot.poll();
    const progress = kit.discord.messages(kit.ids.general).find((message) => message.id === status.id)?.content ?? "";
    expect(progress).toContain("🔗 Pipeline · stage 2 of 3");
    expect(progress).toContain("Stage 1 · nova-lite: 297 of 300 succeeded, 3 failed");
    expect(noticesFor(kit, kit.ids.general, status.id)).toHaveLength(0);

    // The bot dies after storing stage 2's submission and before recording it on the pipeline (the widest window
    // between two stages): the pipeline row as that death left it, then a fresh bot over the same store.
    const [running] = await bot.runtime.pipelines.running();
    expect(running?.runs).toHaveLength(2);
    await bot.runtime.pipelines.save({ ...running!, runs: running!.runs.slice(0, 1) });
    await bot.stop();
    bot = await kit.startBot();
    await bot.poll();
    expect(jobsOfStage(1)).toHaveLength(1);
    expect(jobsOfStage(2)).toHaveLength(1);
    expect((await bot.runtime.pipelines.get(running!.id))?.runs.map((run) => run.inputIds?.length)).toEqual([undefined, 297]);

    // `/batch status` of the stage's job shows the whole pipeline above it.
    const asked = kit.discord.runCommand({ name: "batch", subcommand: "status", channelId: kit.ids.general, userId: kit.ids.alice, options: { job: jobsOfStage(2)[0]?.jobName ?? "" } });
    const answer = await answerText(kit, asked);
    expect(answer).toContain("🔗 Pipeline · stage 2 of 3");
    expect(answer).toContain("⏳ Stage 2 · nova-lite: 297 records");

    await kit.bedrock.batch.settle();
    await bot.poll();
    expect(jobsOfStage(3)).toHaveLength(1);
    await kit.bedrock.batch.settle();
    await bot.poll();
    await bot.poll();

    expect(jobsOfStage(1)).toHaveLength(1);
    expect(jobsOfStage(2)).toHaveLength(1);
    const notices = noticesFor(kit, kit.ids.general, status.id);
    expect(notices).toHaveLength(1);
    const [notice] = notices;
    expect(notice?.content).toContain("your batch pipeline is done: 295 of 300 records made it through all 3 stages.");
    const fields = Object.fromEntries((notice?.embeds[0]?.fields ?? []).map((field) => [field.name, field.value]));
    expect(fields["Stage 1 · nova-lite"]).toMatch(/^297 of 300 succeeded, 3 failed · \$/);
    expect(fields["Stage 2 · nova-lite"]).toMatch(/^295 of 297 succeeded, 2 failed/);
    expect(fields["Stage 3 · nova-lite"]).toMatch(/^295 of 295 succeeded/);

    const rows = csvRows(notice!);
    expect(rows).toHaveLength(300);
    expect(rows.filter((row) => row.status === "succeeded")).toHaveLength(295);
    expect(rows.filter((row) => row.failed_stage === "1").map((row) => row.record_id)).toEqual(stage1Failures);
    expect(rows.filter((row) => row.failed_stage === "1").every((row) => row.error?.includes("bad record in stage 1") === true && row.stage2_output === "" && row.stage3_output === "")).toBe(true);
    // Stage 2's rows are stage 1's successes in input order: its R000000001 and R000000002 are rows 1 and 2.
    expect(rows.filter((row) => row.failed_stage === "2").map((row) => row.row)).toEqual(["1", "2"]);
    expect(rows.filter((row) => row.failed_stage === "2").every((row) => row.stage1_output !== "" && row.error?.includes("bad record in stage 2") === true)).toBe(true);
    const done = rows.filter((row) => row.status === "succeeded");
    expect(done.every((row) => row.stage1_output !== "" && row.stage2_output !== "" && row.stage3_output !== "")).toBe(true);

    const finalStatus = kit.discord.messages(kit.ids.general).find((message) => message.id === status.id)?.content ?? "";
    expect(finalStatus).toContain("✅ Stage 3 · nova-lite: 295 of 295 succeeded");
    expect(finalStatus).toContain("⚠️ Stage 2 · nova-lite: 295 of 297 succeeded, 2 failed");

    const ended = await bot.runtime.pipelines.get(running!.id);
    expect(ended?.state).toBe("notified");
    for (const run of ended?.runs ?? []) {
      const summary = run.summary!;
      expect(summary.inputs).toBe(summary.records + summary.skipped);
      expect(summary.records).toBe(summary.succeeded + summary.failed);
    }
    expect(ended?.runs.map((run) => [run.summary?.inputs, run.summary?.succeeded, run.summary?.failed])).toEqual([
      [300, 297, 3],
      [297, 295, 2],
      [295, 295, 0],
    ]);

    // Nothing more to do: another cycle posts nothing again.
    await bot.poll();
    expect(noticesFor(kit, kit.ids.general, status.id)).toHaveLength(1);
  });

  it("GIVEN a few rows and then: WHEN submitted THEN both stages run on demand and one notice joins them", async () => {
    const command = submitPipeline(4, { policy: "on_demand", then: "Translate to French: {output}" });
    const reply = await kit.discord.waitFor(() => kit.discord.originalResponse(command)?.content.includes("Answered on demand") === true ? kit.discord.originalResponse(command) : undefined, { description: "the on-demand answer" });
    expect(reply.content).toContain("🔗 Then 1 more stage on each result (2. nova-lite)");
    await bot.poll();
    await bot.poll();
    const [notice, ...more] = noticesFor(kit, kit.ids.general, reply.id);
    expect(more).toHaveLength(0);
    expect(notice?.content).toContain("your batch pipeline is done: 4 of 4 records made it through all 2 stages.");
    const rows = csvRows(notice!);
    expect(rows.map((row) => row.row)).toEqual(["1", "2", "3", "4"]);
    expect(rows.every((row) => row.status === "succeeded" && row.stage2_output !== "")).toBe(true);
  });

  it("GIVEN a two-stage pipeline WHEN its owner cancels the first stage's job THEN no second stage runs and the one notice says it stopped", async () => {
    const jobsBefore = kit.bedrock.batch.jobs().length;
    const command = submitPipeline(120, { then: "Check: {output}" });
    const status = await kit.discord.waitFor(() => (kit.bedrock.batch.jobs().length > jobsBefore ? kit.discord.originalResponse(command) : undefined), { description: "the first stage's job" });
    const [job] = kit.bedrock.batch.jobs().slice(jobsBefore);
    const cancel = kit.discord.runCommand({ name: "batch", subcommand: "cancel", channelId: kit.ids.general, userId: kit.ids.alice, options: { job: job?.jobName ?? "" } });
    await kit.discord.waitFor(() => kit.discord.originalResponse(cancel)?.content.includes("⏹️"));
    await kit.bedrock.batch.settle();
    await bot.poll();
    await bot.poll();
    expect(kit.bedrock.batch.jobs().slice(jobsBefore)).toHaveLength(1);
    const [notice, ...more] = noticesFor(kit, kit.ids.general, status.id);
    expect(more).toHaveLength(0);
    expect(notice?.content).toContain("your batch pipeline stopped after stage 1 of 2: its job was stopped.");
    expect(notice?.embeds[0]?.title).toBe("⏹️ Pipeline stopped early");
    expect(csvRows(notice!)).toHaveLength(120);
  });
});
