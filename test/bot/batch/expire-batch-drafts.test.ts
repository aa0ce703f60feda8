/**
 * The draft sweep through the real S3 client against s3rver: drafts queued with `addToDraft`, the clock moved past
 * `[batch] draft_ttl_hours` for one of them, `expireBatchDrafts` -> that draft's copies are gone from the bucket and
 * its row from the store; the fresh draft keeps both.
 */
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import Keyv from "keyv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToDraft, readDraft, type BatchDraft, type DraftDeps } from "../../../src/bot/batch/batch-drafts.ts";
import { expireBatchDrafts } from "../../../src/bot/batch/expire-batch-drafts.ts";
import { parseConfig } from "../../../src/config/index.ts";
import { createLogger } from "../../../src/create-logger.ts";
import { KeyvRepository } from "../../../src/store/keyv-repository.ts";
import { batchConfigText, BUCKET } from "../../bedrock/batch/run/batch-run-kit.ts";
import { startS3rver, type RunningS3rver } from "../../fakes/s3/start-s3rver.ts";

let s3rver: RunningS3rver;
beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [BUCKET] });
});
afterAll(async () => s3rver.close());

const HOUR = 60 * 60 * 1000;
const alice = { guildId: "g1", channelId: "c1", userId: "alice" };
const bob = { guildId: "g1", channelId: "c1", userId: "bob" };

function sweepRig(draftTtl: string) {
  const config = parseConfig(batchConfigText("http://127.0.0.1:1", s3rver.endpoint, "sqlite://unused.sqlite", `draft_ttl_hours = ${draftTtl}`), "sweep.toml", {});
  let clock = Date.parse("2026-03-01T00:00:00.000Z");
  const now = () => new Date(clock);
  const drafts = new KeyvRepository<BatchDraft>(new Keyv<BatchDraft>());
  const runtime = { drafts, s3: () => s3rver.client, now };
  let id = 0;
  const deps: DraftDeps = { drafts, s3For: () => s3rver.client, bucket: BUCKET, prefix: `sweep-${draftTtl}/`, provider: "fake", now, ttlHours: config.data.batch.draft_ttl_hours, newId: () => String(++id).padStart(8, "0") };
  const keys = async () => ((await s3rver.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: deps.prefix }))).Contents ?? []).map((object) => object.Key ?? "").sort();
  const sweep = () => expireBatchDrafts({ runtime, config, logger: createLogger({ level: "silent" }) });
  return { deps, keys, sweep, advance: (ms: number) => (clock += ms) };
}

describe("expireBatchDrafts", () => {
  it("GIVEN alice's draft untouched for 24 h and bob's added to 1 h ago WHEN the sweep runs (draft_ttl_hours = 24) THEN alice's S3 copies and row are gone and bob's stay", async () => {
    const { deps, keys, sweep, advance } = sweepRig("24");
    await addToDraft(deps, alice, [{ filename: "a.csv", bytes: Buffer.from("id,q\n1,x\n") }, { filename: "b.txt", bytes: Buffer.from("b") }]);
    advance(23 * HOUR);
    await addToDraft(deps, bob, [{ filename: "c.txt", bytes: Buffer.from("c") }]);
    expect(await keys()).toHaveLength(3);

    expect(await sweep()).toBe(0); // 23 h: nothing is due yet
    expect(await keys()).toHaveLength(3);

    advance(HOUR);
    expect(await sweep()).toBe(1);
    expect(await keys()).toEqual(["sweep-24/drafts/g1/c1/bob/00000003-c.txt"]);
    expect(await deps.drafts.all()).toEqual([expect.objectContaining({ userId: "bob" })]);
    expect((await readDraft(deps, bob))?.files.map((file) => file.filename)).toEqual(["c.txt"]);
  });

  it("GIVEN draft_ttl_hours = 0 WHEN a draft is a year old THEN the sweep keeps it and its copies", async () => {
    const { deps, keys, sweep, advance } = sweepRig("0");
    await addToDraft(deps, alice, [{ filename: "old.txt", bytes: Buffer.from("old") }]);
    advance(365 * 24 * HOUR);
    expect(await sweep()).toBe(0);
    expect(await keys()).toEqual(["sweep-0/drafts/g1/c1/alice/00000001-old.txt"]);
    expect(await readDraft(deps, alice)).toBeDefined();
  });
});
