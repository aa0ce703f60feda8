/** Runs `bedrock-bot batch ...` against the batch run kit (fake Bedrock + s3rver + a store in the kit's folder). */
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { BatchJobRow } from "../../src/bedrock/batch/jobs/batch-job-row.ts";
import { BUCKET, type BatchRunKit } from "../bedrock/batch/run/batch-run-kit.ts";
import { runCli, type CliRun } from "./run-cli.ts";

export async function runBatchCli(kit: BatchRunKit, args: string[]): Promise<CliRun> {
  const config = await kit.writeConfig();
  return runCli(["batch", ...args, "--config", config], { cwd: kit.dir });
}

/** Keys under a prefix of the batch bucket. */
export async function listKeys(kit: BatchRunKit, prefix: string): Promise<string[]> {
  const page = await kit.s3rver.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key ?? "").sort();
}

/** `batch status --json`'s jobs (store rows). */
export async function statusJobs(kit: BatchRunKit, reference?: string): Promise<BatchJobRow[]> {
  const run = await runBatchCli(kit, ["status", ...(reference === undefined ? [] : [reference]), "--json"]);
  if (run.code !== 0) throw new Error(`batch status failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { jobs: BatchJobRow[] }).jobs;
}
