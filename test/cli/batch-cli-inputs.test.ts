import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BatchJobRow } from "../../src/bedrock/batch/jobs/batch-job-row.ts";
import { readInputSources } from "../../src/cli/batch-cli-inputs.ts";
import { renderProgressBar } from "../../src/cli/batch-progress-bar.ts";
import { selectJobRows } from "../../src/cli/select-job-rows.ts";

describe("readInputSources", () => {
  it("GIVEN a file, a folder and an S3 prefix THEN files by name, folder files sorted under the folder's name, the prefix as an S3 source", async () => {
    const dir = await mkdtemp(join(tmpdir(), "batch-inputs-"));
    await mkdir(join(dir, "photos", "more"), { recursive: true });
    await writeFile(join(dir, "data.csv"), "a\n1\n");
    await writeFile(join(dir, "photos", "b.png"), "b");
    await writeFile(join(dir, "photos", "a.png"), "a");
    await writeFile(join(dir, "photos", "more", "c.png"), "c");
    const sources = await readInputSources([join(dir, "data.csv"), join(dir, "photos"), "s3://bucket/in/"], { allowS3: true });
    expect(sources.map((source) => (source.kind === "file" ? source.filename : source.uri))).toEqual([
      "data.csv",
      "photos/a.png",
      "photos/b.png",
      "photos/more/c.png",
      "s3://bucket/in/",
    ]);
    await expect(readInputSources([join(dir, "missing.csv")], { allowS3: true })).rejects.toThrow(/no such file or folder/);
    await expect(readInputSources(["s3://bucket/in/"], { allowS3: false })).rejects.toThrow(/reads local files only/);
  });
});

describe("CLI output helpers", () => {
  it("GIVEN progress counts THEN a fixed-width bar", () => {
    expect(renderProgressBar(0, 250)).toBe("[--------------------] 0/250 0%");
    expect(renderProgressBar(125, 250)).toBe("[##########----------] 125/250 50%");
    expect(renderProgressBar(250, 250)).toBe("[####################] 250/250 100%");
    expect(renderProgressBar(0, 0)).toBe("[--------------------] 0/0 0%");
  });

  it("GIVEN a job name, ARN, job id or run id THEN the rows it names", () => {
    const row = (runId: string, index: number, jobArn?: string) => ({ runId, jobName: `bdb-${runId}-${index}`, ...(jobArn === undefined ? {} : { jobArn }) }) as BatchJobRow;
    const rows = [row("r1", 1, "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefghijkl"), row("r1", 2), row("r2", 1)];
    expect(selectJobRows(rows, "bdb-r1-2")).toEqual([rows[1]]);
    expect(selectJobRows(rows, "abcdefghijkl")).toEqual([rows[0]]);
    expect(selectJobRows(rows, "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefghijkl")).toEqual([rows[0]]);
    expect(selectJobRows(rows, "r1")).toEqual([rows[0], rows[1]]);
    expect(() => selectJobRows(rows, "nope")).toThrow(/No batch job or run "nope"/);
  });
});
