/**
 * The draft sweep through the real S3 client against s3rver, on sqlite and redis stores: drafts queued with
 * `addToDraft`, the clock moved past `[batch] draft_ttl_hours` for one of them, `expireBatchDrafts` -> that draft's
 * copies are gone from the bucket and its row from the store; the fresh draft keeps both. The sweep finds drafts
 * through their index (queued while the TTL was 0 too, or stored before the index existed), never a scan.
 */
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { addToDraft, draftIdOf, indexDrafts, readDraft, type BatchDraft, type DraftDeps } from "../../../src/bot/batch/batch-drafts.ts";
import { BATCH_DRAFTS_INDEX, BATCH_DRAFTS_NAMESPACE } from "../../../src/bot/batch/batch-runtime.ts";
import { expireBatchDrafts } from "../../../src/bot/batch/expire-batch-drafts.ts";
import { parseConfig } from "../../../src/config/index.ts";
import { createLogger } from "../../../src/create-logger.ts";
import { KeyvRepository } from "../../../src/store/keyv-repository.ts";
import { openKeyv } from "../../../src/store/open-keyv.ts";
import { openScoredIndex } from "../../../src/store/scored-index.ts";
import { batchConfigText, BUCKET } from "../../bedrock/batch/run/batch-run-kit.ts";
import { startS3rver, type RunningS3rver } from "../../fakes/s3/start-s3rver.ts";
import { STORE_BACKENDS, type StorePlace } from "../../store/store-places.ts";

let s3rver: RunningS3rver;
beforeAll(async () => {
  s3rver = await startS3rver({ buckets: [BUCKET] });
});
afterAll(async () => s3rver.close());

const HOUR = 60 * 60 * 1000;
const alice = { guildId: "g1", channelId: "c1", userId: "alice" };
const bob = { guildId: "g1", channelId: "c1", userId: "bob" };

describe.each(STORE_BACKENDS)("expireBatchDrafts on $name", (backend) => {
  let place: StorePlace;
  afterEach(async () => {
    await place.dispose();
  });

  /** Draft rows as a process reaches them without the index (an earlier version, or a test looking behind it). */
  const rawRows = () => place.keep(new KeyvRepository<BatchDraft>(openKeyv<BatchDraft>(place.url, place.prefix + BATCH_DRAFTS_NAMESPACE)));

  /** Drafts and a sweep on the place; `ttl` can be changed between sweeps, as a restart with another config would. */
  async function sweepRig(draftTtl: number, options: { placeMade?: boolean } = {}) {
    if (options.placeMade !== true) place = await backend.createPlace("expire-drafts");
    let ttl = draftTtl;
    const configOf = () => parseConfig(batchConfigText("http://127.0.0.1:1", s3rver.endpoint, "sqlite://unused.sqlite", `draft_ttl_hours = ${ttl}`), "sweep.toml", {});
    let clock = Date.parse("2026-03-01T00:00:00.000Z");
    const now = () => new Date(clock);
    const drafts = place.keep(indexDrafts(new KeyvRepository<BatchDraft>(openKeyv<BatchDraft>(place.url, place.prefix + BATCH_DRAFTS_NAMESPACE)), openScoredIndex(place.url, place.prefix + BATCH_DRAFTS_INDEX)));
    const runtime = { drafts, s3: () => s3rver.client, now };
    let id = 0;
    const prefix = `sweep-${backend.name}-${place.prefix.replace(/:$/, "")}${Date.now()}/`;
    const deps: DraftDeps = { drafts, s3For: () => s3rver.client, bucket: BUCKET, prefix, provider: "fake", now, ttlHours: ttl, newId: () => String(++id).padStart(8, "0") };
    const keys = async () => ((await s3rver.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map((object) => object.Key ?? "").sort();
    const sweep = () => expireBatchDrafts({ runtime, config: configOf(), logger: createLogger({ level: "silent" }) });
    const setTtl = (hours: number) => {
      ttl = hours;
      deps.ttlHours = hours;
    };
    return { deps, prefix, keys, sweep, setTtl, advance: (ms: number) => (clock += ms) };
  }

  it("GIVEN alice's draft untouched for 24 h and bob's added to 1 h ago WHEN the sweep runs (draft_ttl_hours = 24) THEN alice's S3 copies and row are gone and bob's stay", async () => {
    const { deps, prefix, keys, sweep, advance } = await sweepRig(24);
    await addToDraft(deps, alice, [{ filename: "a.csv", bytes: Buffer.from("id,q\n1,x\n") }, { filename: "b.txt", bytes: Buffer.from("b") }]);
    advance(23 * HOUR);
    await addToDraft(deps, bob, [{ filename: "c.txt", bytes: Buffer.from("c") }]);
    expect(await keys()).toHaveLength(3);

    expect(await sweep()).toBe(0); // 23 h: nothing is due yet
    expect(await keys()).toHaveLength(3);

    advance(HOUR);
    expect(await sweep()).toBe(1);
    expect(await keys()).toEqual([`${prefix}drafts/g1/c1/bob/00000003-c.txt`]);
    expect(await deps.drafts.all()).toEqual([expect.objectContaining({ userId: "bob" })]);
    expect((await readDraft(deps, bob))?.files.map((file) => file.filename)).toEqual(["c.txt"]);
  });

  it("GIVEN draft_ttl_hours = 0 WHEN a draft is a year old THEN the sweep keeps it and its copies; set to 24 later THEN the next sweep deletes it", async () => {
    const { deps, prefix, keys, sweep, setTtl, advance } = await sweepRig(0);
    await addToDraft(deps, alice, [{ filename: "old.txt", bytes: Buffer.from("old") }]);
    advance(365 * 24 * HOUR);
    expect(await sweep()).toBe(0);
    expect(await keys()).toEqual([`${prefix}drafts/g1/c1/alice/00000001-old.txt`]);
    expect(await readDraft(deps, alice)).toBeDefined();

    setTtl(24);
    expect(await sweep()).toBe(1);
    expect(await keys()).toEqual([]);
  });

  it("GIVEN a draft stored before the drafts index existed WHEN the first sweep runs THEN it is found and deleted, without a scan on later sweeps", async () => {
    place = await backend.createPlace("expire-drafts");
    const addedAt = "2026-02-01T00:00:00.000Z";
    await rawRows().put(draftIdOf(alice), { ...alice, bucket: BUCKET, provider: "fake", files: [{ key: "old/never-uploaded.txt", filename: "never-uploaded.txt", size: 1, addedAt }] });
    const { sweep } = await sweepRig(24, { placeMade: true });

    expect(await sweep()).toBe(1);
    expect(await rawRows().get(draftIdOf(alice))).toBeUndefined();

    const scan = vi.spyOn(KeyvRepository.prototype, "all");
    try {
      expect(await sweep()).toBe(0);
      expect(scan).not.toHaveBeenCalled();
    } finally {
      scan.mockRestore();
    }
  });
});
