/**
 * `batch results --from --plan --sink` and `bedrock-bot search`, as a user runs them: the built CLI in a child process,
 * the real LanceDB in a folder, the real SDKs against the fake Bedrock (InvokeModel for the query) and the fake
 * S3 Vectors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateVectorBucketCommand, S3VectorsClient } from "@aws-sdk/client-s3vectors";
import { countLanceDbRows } from "../../src/bedrock/sinks/lancedb-sink.ts";
import { startFakeBedrock, type FakeBedrock } from "../fakes/bedrock/index.ts";
import { FAKE_CREDENTIALS } from "../fakes/bedrock/fake-bedrock-test-kit.ts";
import { startFakeS3Vectors, type FakeS3Vectors } from "../fakes/s3vectors/index.ts";
import { articleWords, TITAN_V2_TOML, writeEmbeddingRun, type EmbeddingRunDirs } from "../bedrock/sinks/embedding-run-kit.ts";
import { runCli } from "./run-cli.ts";

let dir: string;
let config: string;
let run: EmbeddingRunDirs;
let bedrock: FakeBedrock;
let vectors: FakeS3Vectors;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "search-cli-test-"));
  [bedrock, vectors] = await Promise.all([startFakeBedrock(), startFakeS3Vectors()]);
  const admin = new S3VectorsClient({ endpoint: vectors.url, region: "us-east-1", credentials: FAKE_CREDENTIALS });
  await admin.send(new CreateVectorBucketCommand({ vectorBucketName: "cli-vectors" }));
  admin.destroy();
  run = await writeEmbeddingRun(dir, 150, new Set([3]));
  config = join(dir, "model_config.toml");
  await writeFile(
    config,
    `[[api_providers]]
name = "fake"
api_key = "${FAKE_CREDENTIALS.accessKeyId}"
[api_providers.extra_params]
aws_secret_key = "${FAKE_CREDENTIALS.secretAccessKey}"
runtime_endpoint = "${bedrock.url}"

${TITAN_V2_TOML}
[[sinks]]
name = "docs"
type = "lancedb"
path = "${join(dir, "lancedb")}"
table = "articles"

[[sinks]]
name = "aws"
type = "s3vectors"
vector_bucket = "cli-vectors"
index = "articles"
endpoint = "${vectors.url}"
`,
  );
});
afterAll(async () => {
  await Promise.all([bedrock.close(), vectors.close()]);
  await rm(dir, { recursive: true, force: true });
});

const results = (sink: string, out: string, ...extra: string[]) =>
  runCli(["batch", "results", "--config", config, "--from", run.fromDir, "--plan", run.planDir, "--out", join(dir, out), "--sink", sink, ...extra], { cwd: dir });

describe("bedrock-bot batch results --sink and search", () => {
  it("GIVEN an embedding run of 150 records, one failed WHEN loaded into LanceDB twice THEN 149 rows, and search finds article 42 first", async () => {
    const first = await results("docs", "out-1");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`149 vectors written to LanceDB table "articles" in ${join(dir, "lancedb")} (1 record failed or not processed: not written)`);
    expect((await results("docs", "out-2")).code).toBe(0);
    expect(await countLanceDbRows({ path: join(dir, "lancedb"), table: "articles" })).toBe(149);

    const [alpha, beta] = articleWords(42);
    const search = await runCli(["search", "--config", config, "docs", alpha!, beta!, "--top", "2"], { cwd: dir });
    expect(search.code).toBe(0);
    const lines = search.stdout.trim().split("\n");
    expect(lines[0]).toBe(`LanceDB table "articles" in ${join(dir, "lancedb")}, nearest to "${alpha} ${beta}":`);
    expect(lines[1]).toMatch(/^1\. articles\.csv#42 {2}\(distance 0\.\d{4}\) {2}source=articles\.csv · row=42 · id=A42 · title=Title 42 · text=alpha42 /);
    expect(lines).toHaveLength(3);
  });

  it("GIVEN the S3 Vectors sink with chosen metadata columns WHEN loaded and searched as JSON THEN PutVectors within 500 and the match carries only those columns", async () => {
    const loaded = await results("aws", "out-aws", "--metadata-columns", "id,title", "--json");
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout).sink).toEqual({ sink: 'S3 Vectors index "articles" in vector bucket cli-vectors', written: 149, notWritten: 1, batches: 1 });
    expect(vectors.calls.filter((call) => call.operation === "PutVectors").map((call) => call.vectors)).toEqual([149]);
    const search = await runCli(["search", "--config", config, "aws", ...articleWords(7), "--json"], { cwd: dir });
    const answer = JSON.parse(search.stdout);
    expect(answer.matches[0]).toMatchObject({ key: "articles.csv#7", metadata: { source: "articles.csv", row: "7", id: "A7", title: "Title 7" } });
    expect(answer.matches[0].metadata.text).toBeUndefined();
  });

  it("GIVEN an unknown sink or metadata column WHEN asked THEN one error line naming what there is", async () => {
    const unknown = await results("nope", "out-x");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No sink "nope"; the config has: docs, aws.');
    const column = await results("docs", "out-y", "--metadata-columns", "titel");
    expect(column.stderr).toContain('--metadata-columns names "titel", which the records do not carry; they have: id, title, text.');
    const empty = await runCli(["search", "--config", config, "aws", "x", "--top", "500"], { cwd: dir });
    expect(empty.stderr).toContain("--top must be a whole number from 1 to 100");
  });
});
