/**
 * An embedding run made offline for sink tests and benchmarks: a CSV of `rows` articles (id, title, a few words each)
 * planned for Titan Text Embeddings V2, its `.jsonl.out` produced by the fake Bedrock's own Titan record runner (the
 * code its batch plane runs), so `collectLocalBatchResults` reads what a finished job would have written.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeProvenanceFile } from "../../../src/bedrock/batch/results/provenance-file.ts";
import { planBatchRun } from "../../../src/bedrock/batch/run/plan-batch-run.ts";
import type { ModelConfig } from "../../../src/config/schema.ts";
import { runTitanTextEmbeddingRecord } from "../../fakes/bedrock/batch/run-native-embedding.ts";

export const TITAN_V2: ModelConfig = {
  model_identifier: "amazon.titan-embed-text-v2:0",
  name: "titan-embed-v2",
  api_provider: "fake",
  price_in: 0.02,
  price_out: 0,
  force_stream_mode: false,
  stream: true,
  kind: "embedding",
};

/** The same model as a `[[models]]` entry, for configs written as TOML. */
export const TITAN_V2_TOML = `[[models]]
name = "${TITAN_V2.name}"
model_identifier = "${TITAN_V2.model_identifier}"
api_provider = "fake"
kind = "embedding"
price_in = ${TITAN_V2.price_in}
`;

/** Three made-up words per article, all different across articles: a query with two of them finds that one. */
export function articleWords(index: number): string[] {
  return [`alpha${index}`, `beta${index * 7 + 3}`, `gamma${index * 13 + 5}`];
}

function articlesCsv(rows: number): Buffer {
  const lines = ["id,title,text", ...Array.from({ length: rows }, (_, index) => `A${index + 1},Title ${index + 1},${articleWords(index + 1).join(" ")}`)];
  return Buffer.from(`${lines.join("\n")}\n`);
}

export interface EmbeddingRunDirs {
  planDir: string;
  fromDir: string;
}

/**
 * Plans `rows` articles under `root` and writes their outputs; records whose row is in `failRows` get a per-record
 * error line instead of a vector.
 */
export async function writeEmbeddingRun(root: string, rows: number, failRows: ReadonlySet<number> = new Set(), dimensions: 256 | 512 | 1024 = 256): Promise<EmbeddingRunDirs> {
  const plan = await planBatchRun({
    sources: [{ kind: "file", filename: "articles.csv", bytes: articlesCsv(rows) }],
    model: TITAN_V2,
    promptSpec: { mode: "embed" },
    settings: { dimensions },
    batch: { small_batch_policy: "on_demand" },
  });
  const planDir = join(root, "plan");
  const fromDir = join(root, "from");
  await mkdir(planDir, { recursive: true });
  await mkdir(fromDir, { recursive: true });
  await writeProvenanceFile(planDir, plan.provenance, plan.skipped);
  const lines: string[] = [];
  for await (const record of plan.replay()) {
    const line = { recordId: record.recordId, modelInput: record.modelInput };
    const outcome = runTitanTextEmbeddingRecord(record.modelInput);
    const failed = failRows.has(record.provenance.row ?? 0);
    if (failed || outcome.kind === "error") lines.push(JSON.stringify({ ...line, error: { errorCode: 400, errorMessage: "Malformed input request" } }));
    else lines.push(JSON.stringify({ ...line, modelOutput: outcome.modelOutput }));
  }
  await writeFile(join(fromDir, "records.jsonl.out"), `${lines.join("\n")}\n`);
  return { planDir, fromDir };
}
