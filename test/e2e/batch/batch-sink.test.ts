/**
 * `/batch submit ... sink:` end to end: an embedding job through the fake Discord, the fake Bedrock's batch plane and
 * s3rver; its vectors go into a real LanceDB folder when it ends, and the completion notice says how many went where.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countLanceDbRows } from "../../../src/bedrock/sinks/lancedb-sink.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";
import { TITAN_V2_TOML } from "../../bedrock/sinks/embedding-run-kit.ts";
import { answerText, finishJobs, noticesFor, planOf, press, submitCsv } from "./batch-e2e-steps.ts";
import { useBatchBotKit } from "./use-batch-bot-kit.ts";

const LANCE_DIR = join(mkdtempSync(join(tmpdir(), "batch-sink-e2e-")), "lancedb");
const EXTRA = `
${TITAN_V2_TOML}
[[sinks]]
name = "docs"
type = "lancedb"
path = "${LANCE_DIR}"
table = "articles"
model = "titan-embed-v2"
`;

let kit: BatchBotKit;
let bot: BatchBot;
useBatchBotKit({ batch: EXTRA }, (started) => ({ kit, bot } = started));

const articles = (rows: number) => Buffer.from(`id,text\n${Array.from({ length: rows }, (_, index) => `A${index + 1},words of article ${index + 1}`).join("\n")}\n`);

describe("/batch submit sink:", () => {
  it("GIVEN 120 rows to embed with sink:docs WHEN the job ends THEN 120 rows are in LanceDB and the notice says so", async () => {
    const plan = await planOf(kit, submitCsv(kit, "articles.csv", articles(120), { model: "titan-embed-v2", mode: "embed", sink: "docs" }));
    press(kit, plan, "confirm");
    await kit.discord.waitFor(() => kit.bedrock.batch.jobs().length === 1, { description: "the embedding job at Bedrock" });
    await finishJobs(kit, bot);

    const [notice] = noticesFor(kit, kit.ids.general, plan.id);
    const vectors = notice?.embeds[0]?.fields?.find((field) => field.name === "Vectors");
    expect(vectors?.value).toBe(`120 vectors written to LanceDB table "articles" in ${LANCE_DIR}`);
    expect(await countLanceDbRows({ path: LANCE_DIR, table: "articles" })).toBe(120);
  });

  it("GIVEN a chat model with sink:docs WHEN submitted THEN refused naming the sink's model, nothing planned", async () => {
    const command = submitCsv(kit, "articles.csv", articles(3), { model: "nova-lite", prompt: "Hi", sink: "docs" });
    expect(await answerText(kit, command)).toContain('Sink "docs" holds vectors of titan-embed-v2; embed with that model');
  });
});
