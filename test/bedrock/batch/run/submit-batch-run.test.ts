import { parse as parseCsv } from "csv-parse/sync";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { planBatchRun } from "../../../../src/bedrock/batch/run/plan-batch-run.ts";
import { submitBatchRun } from "../../../../src/bedrock/batch/run/submit-batch-run.ts";
import { collectRunResults } from "../../../../src/bedrock/batch/run/collect-run-results.ts";
import { pollBatchJobs } from "../../../../src/bedrock/batch/jobs/poll-batch-jobs.ts";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { ModelConfig } from "../../../../src/config/schema.ts";
import { BUCKET, createConverseClient, questionsCsv, startBatchRunKit, type BatchRunKit } from "./batch-run-kit.ts";

let kit: BatchRunKit;
beforeAll(async () => {
  kit = await startBatchRunKit();
});
afterAll(async () => kit.close());
beforeEach(async () => kit.freshTest());

describe("submitBatchRun -> poll -> collectRunResults (in process, fake Bedrock + s3rver)", () => {
  it("GIVEN 250 CSV rows WHEN submitted, completed and collected THEN every row has its answer, joined by recordId", async () => {
    const model = kit.model("nova-lite");
    const plan = await planBatchRun({
      sources: [{ kind: "file", filename: "questions.csv", bytes: questionsCsv(250) }],
      model,
      promptSpec: { mode: "template", template: "Answer briefly: {question}" },
      batch: kit.config.data.batch,
    });
    expect(plan.decision.action).toBe("batch");
    const submitted = await submitBatchRun({
      plan,
      runId: "run-csv",
      provider: "fake",
      batch: kit.config.data.batch,
      clients: { control: kit.control, s3: kit.clients.s3, converse: createConverseClient(kit.clients.runtime) },
      store: kit.store,
      now: () => new Date(),
    });
    expect(submitted.action).toBe("batch");
    await kit.fake.batch.settle();
    const polled = await pollBatchJobs(kit.pollDeps(), kit.pollSettings);
    expect(polled.rows.map((row) => row.state)).toEqual(["Completed"]);

    const outDir = join(kit.dir, "results");
    const collected = await collectRunResults({ runId: "run-csv", store: kit.store, s3: kit.clients.s3, outDir, retentionDays: 0, now: () => new Date(), prices: model });
    expect(collected.results.counts).toMatchObject({ inputs: 250, records: 250, succeeded: 250, failed: 0, notProcessed: 0, skipped: 0 });
    const csv = parseCsv<Record<string, string>>(await readFile(join(outDir, "results.csv"), "utf8"), { columns: true });
    expect(csv).toHaveLength(250);
    expect(csv[41]).toMatchObject({ row: "42", output_text: "echo: Answer briefly: What is 42 squared?", status: "succeeded" });
  });
});

describe("submitBatchRun on demand (under the model's minimum)", () => {
  const fiveRows = () =>
    planBatchRun({
      sources: [{ kind: "file", filename: "questions.csv", bytes: questionsCsv(5) }],
      model: kit.model("nova-lite"),
      promptSpec: { mode: "single", prompt: "Answer" },
      batch: kit.config.data.batch,
    });
  const run = async (outDir: string) =>
    submitBatchRun({
      plan: await fiveRows(),
      runId: "on-demand",
      provider: "fake",
      batch: { ...kit.config.data.batch, on_demand_concurrency: 2 },
      clients: { control: kit.control, s3: kit.clients.s3, converse: createConverseClient(kit.clients.runtime) },
      store: kit.store,
      now: () => new Date(),
      outDir,
    });

  it("GIVEN a record the model refuses THEN it is a failed row with Bedrock's message, the others answered, costs at the full price", async () => {
    kit.fake.fail(1, { status: 400, type: "ValidationException", message: "The text field is too long." });
    const submitted = await run(join(kit.dir, "on-demand"));
    expect(submitted.action).toBe("on_demand");
    if (submitted.action !== "on_demand") return;
    expect(submitted.collected.results.counts).toMatchObject({ records: 5, succeeded: 4, failed: 1, notProcessed: 0 });
    const failed = submitted.collected.results.entries.find((entry) => entry.status === "failed");
    expect(failed?.status === "failed" && failed.error).toEqual({ errorCode: 400, errorMessage: "The text field is too long." });
    expect(submitted.manifest).toMatchObject({ totalRecordCount: 5, processedRecordCount: 5, successRecordCount: 4, errorRecordCount: 1 });
    expect(submitted.costUsd).toBeGreaterThan(0);
    expect(await kit.store.runs.get("on-demand")).toMatchObject({ action: "on_demand", state: "done" });
  });

  it("GIVEN access is denied THEN the run stops with the BedrockError instead of failing every record", async () => {
    kit.fake.fail(10, { status: 403, type: "AccessDeniedException", message: "You don't have access to the model with the specified model ID." });
    await expect(run(join(kit.dir, "denied"))).rejects.toMatchObject({ name: "BedrockError", kind: "access_denied" });
    expect(kit.fake.requests.length).toBeLessThan(5);
  });
});

describe("submitBatchRun on demand: the flex tier", () => {
  const gptOss = () => ({ ...kit.model("nova-lite"), name: "gpt-oss", model_identifier: "openai.gpt-oss-120b-1:0", price_in_flex: 0.075, price_out_flex: 0.3, batch: { enabled: true } });
  const run = async (model: ModelConfig, tier: "flex" | "default", outDir: string) =>
    submitBatchRun({
      plan: await planBatchRun({
        sources: [{ kind: "file", filename: "questions.csv", bytes: questionsCsv(5) }],
        model,
        promptSpec: { mode: "single", prompt: "Answer" },
        batch: kit.config.data.batch,
      }),
      runId: `tier-${tier}`,
      provider: "fake",
      batch: { ...kit.config.data.batch, on_demand_concurrency: 3, on_demand_tier: tier },
      clients: { control: kit.control, s3: kit.clients.s3, converse: createConverseClient(kit.clients.runtime) },
      store: kit.store,
      now: () => new Date(),
      outDir,
    });
  const tiersSent = () => kit.fake.requests.map((request) => (request.body as { serviceTier?: { type: string } }).serviceTier?.type ?? "none");

  it("GIVEN a model that serves flex WHEN answered on demand THEN every call asks for flex and is priced at the flex prices", async () => {
    const submitted = await run(gptOss(), "flex", join(kit.dir, "flex"));

    if (submitted.action !== "on_demand") throw new Error(`expected on_demand, got ${submitted.action}`);
    expect(tiersSent()).toEqual(["flex", "flex", "flex", "flex", "flex"]);
    expect(submitted).toMatchObject({ serviceTiers: ["flex"], notes: [], costKnown: true });
    const { inputTokenCount, outputTokenCount } = submitted.manifest;
    expect(submitted.costUsd).toBeCloseTo((inputTokenCount * 0.075 + outputTokenCount * 0.3) / 1e6, 12);
  });

  it("GIVEN a model that refuses flex WHEN answered on demand THEN one call is refused, all records are answered at the usual tier, with a note", async () => {
    const submitted = await run(kit.model("nova-lite"), "flex", join(kit.dir, "refused"));

    if (submitted.action !== "on_demand") throw new Error(`expected on_demand, got ${submitted.action}`);
    // The first call tries flex alone; the others waited for its answer.
    expect(tiersSent()).toEqual(["flex", "none", "none", "none", "none", "none"]);
    expect(submitted.collected.results.counts).toMatchObject({ records: 5, succeeded: 5, failed: 0 });
    expect(submitted.notes).toEqual([expect.stringMatching(/^nova-lite does not serve the flex tier \(Bedrock: "The model us\.amazon\.nova-lite-v1:0 does not support the flex service tier/)]);
    expect(submitted.costKnown).toBe(true);
  });

  it("GIVEN on_demand_tier = default WHEN answered on demand THEN no tier is asked for", async () => {
    await run(gptOss(), "default", join(kit.dir, "default"));

    expect(tiersSent()).toEqual(["none", "none", "none", "none", "none"]);
  });
});

describe("input retention", () => {
  it("GIVEN retention_days = 2 WHEN results are taken THEN inputs stay until a poll after the deadline deletes them", async () => {
    const plan = await planBatchRun({
      sources: [{ kind: "file", filename: "questions.csv", bytes: questionsCsv(100) }],
      model: kit.model("nova-lite"),
      promptSpec: { mode: "single", prompt: "Answer" },
      batch: kit.config.data.batch,
    });
    const clients = { control: kit.control, s3: kit.clients.s3, converse: createConverseClient(kit.clients.runtime) };
    await submitBatchRun({ plan, runId: "kept", provider: "fake", batch: kit.config.data.batch, clients, store: kit.store, now: () => new Date() });
    await kit.fake.batch.settle();
    await pollBatchJobs(kit.pollDeps(), kit.pollSettings);
    const taken = new Date("2025-03-01T12:00:00Z");
    const collected = await collectRunResults({ runId: "kept", store: kit.store, s3: kit.clients.s3, outDir: join(kit.dir, "kept"), retentionDays: 2, now: () => taken });
    expect(collected.jobs[0]).toMatchObject({ resultsAt: taken.toISOString(), deleteInputsAfter: "2025-03-03T12:00:00.000Z" });
    const inputKeys = async () =>
      ((await kit.s3rver.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "bedrock-discord-bot/runs/kept/job-1/input/" }))).Contents ?? []).length;
    expect(await inputKeys()).toBe(1);

    await pollBatchJobs({ ...kit.pollDeps(), now: () => new Date("2025-03-02T12:00:00Z") }, kit.pollSettings);
    expect(await inputKeys()).toBe(1);
    await pollBatchJobs({ ...kit.pollDeps(), now: () => new Date("2025-03-03T12:00:01Z") }, kit.pollSettings);
    expect(await inputKeys()).toBe(0);
    expect(await kit.store.jobs.get("bdb-kept-1")).toMatchObject({ inputsDeletedAt: "2025-03-03T12:00:01.000Z" });
    expect(await kit.store.runs.get("kept")).toMatchObject({ state: "done" });
  });
});
