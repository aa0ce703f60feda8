import type { MessageCreateOptions } from "discord.js";
import { describe, expect, it } from "vitest";
import { embedLength, EMBED_LIMITS, fitEmbed, truncateText } from "../../../src/bot/batch/fit-embed.ts";
import { findPostedParts, isWholeNotice } from "../../../src/bot/batch/job-notice-marker.ts";
import type { ResultFile } from "../../../src/bot/batch/plan-result-attachments.ts";
import { renderJobNotice, type JobNoticeInput, type NoticeResults } from "../../../src/bot/batch/render-job-notice.ts";

const JOB = "bdb-20250301-ab12cd-1";

function results(overrides: Partial<NoticeResults> = {}): NoticeResults {
  return {
    counts: { records: 1000, succeeded: 997, failed: 3, notProcessed: 0, skipped: 2 },
    tokens: { inputTokens: 123_456, outputTokens: 78_901 },
    cost: { batchUsd: 0.42, onDemandUsd: 0.84, savingUsd: 0.42 },
    failed: [],
    warnings: [],
    ...overrides,
  };
}

function notice(overrides: Partial<JobNoticeInput> = {}): JobNoticeInput {
  return {
    noticeId: JOB,
    model: "nova-lite",
    state: "Completed",
    ownerId: "42",
    replyTo: "1001",
    records: 1000,
    createdAt: "2025-03-01T10:00:00.000Z",
    endedAt: "2025-03-01T13:12:30.000Z",
    timeoutHours: 72,
    results: results(),
    attachments: [[file("results.csv"), file("summary.json")]],
    ...overrides,
  };
}

function file(name: string): ResultFile {
  return { name, path: `/tmp/out/${name}`, size: 1000 };
}

const fieldsOf = (input: JobNoticeInput) => Object.fromEntries((renderJobNotice(input)[0]?.embeds[0]?.fields ?? []).map((field) => [field.name, field.value]));

describe("renderJobNotice", () => {
  it("GIVEN a completed job WHEN rendered THEN one message pinging only the owner, replying to the submission, with the summary, files and marker", () => {
    const [message, ...rest] = renderJobNotice(notice());

    expect(rest).toEqual([]);
    expect(message).toEqual({
      content: "<@42> your batch job on **nova-lite** is done: 997 of 1,000 records succeeded.",
      embeds: [
        {
          title: "✅ Batch job completed",
          color: 0x2ecc71,
          fields: [
            { name: "State", value: "completed", inline: true },
            { name: "Model", value: "nova-lite", inline: true },
            { name: "Duration", value: "3 h 12 min", inline: true },
            { name: "Succeeded", value: "997", inline: true },
            { name: "Failed", value: "3", inline: true },
            { name: "Skipped", value: "2", inline: true },
            { name: "Not processed", value: "0", inline: true },
            { name: "Tokens", value: "123,456 in · 78,901 out", inline: true },
            { name: "Cost", value: "$0.42 at the batch price\nsaved $0.42 (on demand: $0.84)", inline: true },
          ],
          footer: { text: `nova-lite · job ${JOB}` },
        },
      ],
      files: [
        { attachment: "/tmp/out/results.csv", name: "results.csv" },
        { attachment: "/tmp/out/summary.json", name: "summary.json" },
      ],
      allowedMentions: { users: ["42"] },
      reply: { messageReference: "1001", failIfNotExists: false },
    });
    const send: MessageCreateOptions | undefined = message; // compile-time check: discord.js takes it as it is
    expect(send?.allowedMentions).toEqual({ users: ["42"] });
  });

  it("GIVEN a failed job WHEN rendered THEN Bedrock's reason, what to do, and the records none processed", () => {
    const input = notice({ state: "Failed", message: "The provided role cannot be assumed by Bedrock.", results: undefined, attachments: [] });
    const [message] = renderJobNotice(input);

    expect(message?.content).toBe("<@42> your batch job on **nova-lite** failed.");
    expect(message?.embeds[0]).toMatchObject({ title: "❌ Batch job failed", color: 0xe74c3c });
    expect(fieldsOf(input)).toEqual({
      Reason: "The provided role cannot be assumed by Bedrock.",
      "What to do": "Fix what the reason says (input format, permissions of the batch role, quotas), then submit again.",
      State: "failed",
      Model: "nova-lite",
      Duration: "3 h 12 min",
      Records: "1,000, none processed",
    });
    expect(message?.files).toEqual([]);
  });

  it("GIVEN an expired job WHEN rendered THEN it says Bedrock never started it and to resubmit or raise timeout_hours", () => {
    const input = notice({ state: "Expired", message: "Job expired before it could be scheduled.", results: undefined, timeoutHours: 24 });

    expect(renderJobNotice(input)[0]?.content).toBe("<@42> your batch job on **nova-lite** expired before Bedrock started it.");
    expect(fieldsOf(input)["What to do"]).toBe(
      "Bedrock never started the job within its timeout (24 h), so nothing was processed or billed. Resubmit, or raise `timeout_hours` in `[batch]` (up to 168).",
    );
  });

  it("GIVEN a stopped job and a job Bedrock refused WHEN rendered THEN each says what happened and what to do", () => {
    const stopped = notice({ state: "Stopped", results: results({ counts: { records: 1000, succeeded: 300, failed: 0, notProcessed: 700, skipped: 0 } }) });
    const refused = notice({ state: "create_failed", message: "ValidationException: too few records", results: undefined, endedAt: undefined });

    expect(renderJobNotice(stopped)[0]?.content).toBe("<@42> your batch job on **nova-lite** was stopped: 300 of 1,000 records succeeded.");
    expect(fieldsOf(stopped)["What to do"]).toMatch(/^Records processed before the stop are in the results/);
    expect(renderJobNotice(refused)[0]?.embeds[0]?.title).toBe("❌ Bedrock refused the batch job");
    expect(fieldsOf(refused)).toMatchObject({ Reason: "ValidationException: too few records", State: "refused by Bedrock" });
  });

  it("GIVEN a partially completed job with 14 failed records WHEN rendered THEN the first 10 with their errors and a count of the rest", () => {
    const failed = Array.from({ length: 14 }, (_, index) => ({
      provenance: { source: "data.csv", row: index + 1, prompt: index === 0 ? "summary" : "default" },
      error: { errorCode: 400, errorMessage: `Malformed input request ${index}` },
    }));
    const input = notice({ state: "PartiallyCompleted", results: results({ counts: { records: 100, succeeded: 86, failed: 14, notProcessed: 0, skipped: 0 }, failed }) });

    expect(renderJobNotice(input)[0]?.content).toBe("<@42> your batch job on **nova-lite** is done, with errors: 86 of 100 records succeeded, 14 failed.");
    expect(fieldsOf(input)["Failed records"]?.split("\n")).toEqual([
      "• data.csv row 1 (prompt summary): 400 Malformed input request 0",
      ...Array.from({ length: 9 }, (_, index) => `• data.csv row ${index + 2}: 400 Malformed input request ${index + 1}`),
      "…and 4 more, with their errors, in the results (status `failed`).",
    ]);
  });

  it("GIVEN files in three messages and links WHEN rendered THEN follow-ups carry the rest, every message the marker of its part", () => {
    const long = { name: "vectors.npy", url: `https://bucket.s3.amazonaws.com/x?X-Amz-Security-Token=${"t".repeat(1500)}`, size: 60 * 1024 * 1024, expiresAt: "2025-03-08T13:12:30.000Z" };
    const input = notice({
      attachments: [Array.from({ length: 10 }, (_, index) => file(`results.part${index + 1}.csv`)), [file("results.part11.csv")]],
      links: [
        { name: "results.jsonl", url: "https://bucket.s3.amazonaws.com/results.jsonl?X-Amz-Signature=abc", size: 48 * 1024 * 1024, expiresAt: "2025-03-08T13:12:30.000Z" },
        long,
        { ...long, name: "vectors.jsonl" },
        { ...long, name: "problems.jsonl" },
      ],
    });

    const messages = renderJobNotice(input);

    expect(messages.map((message) => [message.files.length, message.embeds.length, message.content.split("\n").at(-1)])).toEqual([
      [10, 1, "<@42> your batch job on **nova-lite** is done: 997 of 1,000 records succeeded."],
      [1, 0, `-# job ${JOB} · part 2/3`],
      [0, 0, `-# job ${JOB} · part 3/3`],
    ]);
    const description = messages[0]?.embeds[0]?.description ?? "";
    expect(description.split("\n").map((line) => line.split("](")[0])).toEqual(["**Download** (too large to attach):", "[results.jsonl", "[vectors.npy", "[vectors.jsonl"]);
    expect(description).toContain(`${long.url}) · 60.0 MB · link expires <t:1741439550:R>`);
    expect(messages[2]?.content).toMatch(/^\[problems\.jsonl\]\(https:\/\/bucket[^)]*t{1500}\) · 60\.0 MB/);
    const scanned = messages.map((message, index) => ({ id: String(2000 + index), authorId: "900", content: message.content, embedFooters: message.embeds.map((embed) => embed.footer.text) }));
    expect(isWholeNotice(findPostedParts(scanned, { botUserId: "900", noticeId: JOB }))).toBe(true);
  });

  it("GIVEN huge reasons, errors and warnings WHEN rendered THEN within every embed limit, the marker intact", () => {
    const failed = Array.from({ length: 10 }, (_, index) => ({ provenance: { source: `${"f".repeat(300)}.csv`, row: index, prompt: "default" }, error: { errorCode: "no_output", errorMessage: "e".repeat(500) } }));
    const input = notice({
      state: "PartiallyCompleted",
      message: "m".repeat(5000),
      model: "n".repeat(300),
      results: results({ failed, warnings: Array.from({ length: 9 }, () => "w".repeat(400)) }),
    });

    const embed = renderJobNotice(input)[0]?.embeds[0];

    expect(embed).toBeDefined();
    if (embed === undefined) return;
    expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(embed.fields.every((field) => field.value.length <= EMBED_LIMITS.fieldValue && field.name.length <= EMBED_LIMITS.fieldName)).toBe(true);
    expect(embed.footer.text.endsWith(`job ${JOB}`)).toBe(true);
    expect(embed.fields.find((field) => field.name === "Reason")?.value).toMatch(/^m+…$/);
  });

  it("GIVEN a job still running WHEN a notice is asked for THEN an error: notices are for finished jobs", () => {
    expect(() => renderJobNotice(notice({ state: "InProgress" }))).toThrow("no completion notice for a job that is still in progress");
  });
});

describe("fitEmbed", () => {
  it("GIVEN an embed over 6000 characters WHEN fitted THEN the long values are cut to one length, the short ones stay whole", () => {
    const embed = { title: "t", color: 0, footer: { text: "job x" }, fields: [{ name: "Long", value: "l".repeat(1024) }, ...Array.from({ length: 6 }, (_, index) => ({ name: `F${index}`, value: "v".repeat(1000) })), { name: "Short", value: "ok" }] };

    const fitted = fitEmbed(embed);

    expect(embedLength(fitted)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(embedLength(fitted)).toBeGreaterThan(EMBED_LIMITS.total - 7);
    expect(fitted.fields.at(-1)).toEqual({ name: "Short", value: "ok" });
    expect(new Set(fitted.fields.slice(0, -1).map((field) => field.value.length))).toEqual(new Set([853]));
    expect(fitted.fields[0]?.value.endsWith("l…")).toBe(true);
  });

  it("GIVEN text with an emoji at the cut WHEN truncated THEN the surrogate pair is not split", () => {
    expect(truncateText("ab😀cd", 4)).toBe("ab…");
    expect(truncateText("abc", 3)).toBe("abc");
  });
});
