/**
 * `/batch submit` with a `schema:` attachment, through the real clients against the fakes: the schema reaches every
 * record (in the system prompt for a model without Converse structured output), results.csv gets one column per
 * top-level property plus schema_valid / schema_error, and an answer that breaks the schema is marked, not coerced.
 */
import { describe, expect, it } from "vitest";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { csvRows, noticeParts, runQuestions, submitQuestions } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({ batch: "confirm = false" }, (started) => ({ kit, bot } = started));

const SCHEMA = JSON.stringify({
  title: "short answer",
  type: "object",
  properties: { answer: { type: "string" }, confidence: { type: "number", minimum: 0, maximum: 1 } },
  required: ["answer", "confidence"],
  additionalProperties: false,
});

describe("/batch submit schema:", () => {
  it("GIVEN a schema attachment WHEN the job completes THEN results.csv has answer and confidence columns and the one invalid answer is marked with its error", async () => {
    kit.bedrock.batch.replyRecords(["R000000007"], { text: '{"answer": "Paris", "confidence": "high"}' });
    const inputs: unknown[] = [];
    kit.bedrock.batch.replyRecords((record) => inputs.push(record.modelInput) > 0, { text: 'Here you go:\n```json\n{"answer": "42", "confidence": 0.9}\n```' });

    const { jobName } = await submitQuestions(kit, { schema: { filename: "answer.json", bytes: SCHEMA } });

    const job = kit.bedrock.batch.jobs().at(-1);
    expect(job?.jobName).toEqual(jobName);
    await kit.bedrock.batch.settle();
    await bot.poll();
    const system = (inputs[0] as { system?: { text: string }[] }).system?.[0]?.text ?? "";
    expect(system).toContain("validates against this JSON Schema");
    expect(system).toContain('"confidence":{"type":"number"');
    expect(inputs[0]).not.toHaveProperty("outputConfig"); // nova-lite has no Converse structured output
    const [notice] = noticeParts(kit, kit.ids.general, jobName);
    const rows = csvRows(notice!);
    expect(rows).toHaveLength(100);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(["schema_valid", "schema_error", "answer", "confidence"]));
    expect(rows[0]).toMatchObject({ status: "succeeded", schema_valid: "yes", schema_error: "", answer: "42", confidence: "0.9" });
    const invalid = rows.filter((row) => row.schema_valid === "no");
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ record_id: "R000000007", answer: "Paris", confidence: "high", schema_error: "/confidence must be number" });
  });

  it("GIVEN a schema run under the minimum with policy wait WHEN submitted THEN it is refused, as pooled results would go unchecked", async () => {
    const jobs = kit.bedrock.batch.jobs().length;
    const command = runQuestions(kit, { rows: 3, policy: "wait", schema: { filename: "answer.json", bytes: SCHEMA } });

    const reply = await kit.discord.waitFor(() => {
      const content = kit.discord.originalResponse(command)?.content ?? (command.response?.data as { content?: string } | undefined)?.content;
      return content?.includes("❌") === true ? content : undefined;
    }, { description: "the refusal" });
    expect(reply).toContain("A run with a schema cannot wait for other records; use policy: on_demand, or give at least 100 records.");
    expect(kit.bedrock.batch.jobs()).toHaveLength(jobs);
  });
});
