import { DeleteObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import Keyv from "keyv";
import { describe, expect, it } from "vitest";
import { addToDraft, draftExpiresAt, draftIdOf, draftObjectKey, draftsTouchedBefore, indexDrafts, MAX_DRAFT_FILES, readDraft, removeFromDraft, renderDraft, type BatchDraft, type DraftDeps } from "../../../src/bot/batch/batch-drafts.ts";
import { KeyvRepository } from "../../../src/store/keyv-repository.ts";
import { memoryScoredIndex } from "../../store/memory-scored-index.ts";

const place = { guildId: "g1", channelId: "c1", userId: "u1" };
const HOUR = 60 * 60 * 1000;

/** Drafts in memory, S3 commands recorded, and a clock the test moves. */
function draftRig(ttlHours = 168) {
  const sent: unknown[] = [];
  let clock = Date.parse("2026-01-01T00:00:00.000Z");
  const deps: DraftDeps = {
    drafts: indexDrafts(new KeyvRepository<BatchDraft>(new Keyv<BatchDraft>()), memoryScoredIndex()),
    // Only PutObject and DeleteObject are used; the stub records each command.
    s3For: () => ({ send: (command: unknown) => Promise.resolve(sent.push(command)) }) as unknown as S3Client,
    bucket: "b",
    prefix: "p/",
    provider: "aws",
    now: () => new Date(clock),
    ttlHours,
    newId: () => String(sent.length).padStart(8, "0"),
  };
  const deletedKeys = () => sent.flatMap((command) => (command instanceof DeleteObjectCommand ? [command.input.Key] : []));
  return { deps, sent, deletedKeys, advance: (ms: number) => (clock += ms), now: () => new Date(clock) };
}
const file = (name: string) => ({ filename: name, bytes: Buffer.from(name) });

describe("batch drafts", () => {
  it("GIVEN a member in a channel THEN the draft is keyed per guild, channel and member, and its copies live under <prefix>drafts/", () => {
    expect(draftIdOf(place)).toBe("g1/c1/u1");
    expect(draftIdOf({ channelId: "c1", userId: "u1" })).toBe("dm/c1/u1");
    expect(draftObjectKey("bot/", place, "ab12cd34", "my report (final).csv")).toBe("bot/drafts/g1/c1/u1/ab12cd34-my_report__final_.csv");
  });

  it("GIVEN a draft of two files THEN it lists each with its size and the total; GIVEN none THEN it says how to queue files", () => {
    const draft: BatchDraft = {
      ...place,
      bucket: "b",
      provider: "aws",
      files: [
        { key: "k1", filename: "a.csv", size: 300, addedAt: "2026-01-01T00:00:00.000Z" },
        { key: "k2", filename: "b.zip", size: 2 * 1024 * 1024, addedAt: "2026-01-01T00:01:00.000Z" },
      ],
    };
    // 168 h after the newest file: 2026-01-08T00:01:00Z = 1767830460 s.
    expect(renderDraft(draft, 168).split("\n")).toEqual([
      "🗂️ Your batch draft in this channel: 2 files, 2.0 MB in all.",
      "1. `a.csv` · 300 bytes",
      "2. `b.zip` · 2.0 MB",
      "Submit it with `/batch run`, empty it with `/batch clear`.",
      "It expires <t:1767830460:f> unless you add a file before then.",
    ]);
    expect(renderDraft(draft, 0)).not.toContain("expires");
    expect(renderDraft(undefined, 168)).toContain("is empty");
  });

  it("GIVEN a draft one file short of the cap WHEN two more are added THEN it is refused before anything is copied to S3", async () => {
    const { deps, sent } = draftRig();
    const draft = await addToDraft(deps, place, Array.from({ length: MAX_DRAFT_FILES - 1 }, (_, index) => file(`f${index}.txt`)));
    expect(draft.files).toHaveLength(MAX_DRAFT_FILES - 1);
    expect(draft.files[0]).toEqual({ key: "p/drafts/g1/c1/u1/00000000-f0.txt", filename: "f0.txt", size: 6, addedAt: "2026-01-01T00:00:00.000Z" });
    await expect(addToDraft(deps, place, [file("x.txt"), file("y.txt")])).rejects.toThrow(`at most ${MAX_DRAFT_FILES} files`);
    expect(sent).toHaveLength(MAX_DRAFT_FILES - 1);
  });
});

describe("batch draft expiry", () => {
  it("GIVEN draft_ttl_hours 168 THEN a draft expires 168 h after its newest file; GIVEN 0 or no files THEN never", () => {
    const files = [
      { key: "k1", filename: "a.csv", size: 1, addedAt: "2026-01-01T00:00:00.000Z" },
      { key: "k2", filename: "b.csv", size: 1, addedAt: "2026-01-03T12:00:00.000Z" },
    ];
    expect(draftExpiresAt({ files }, 168)?.toISOString()).toBe("2026-01-10T12:00:00.000Z");
    expect(draftExpiresAt({ files }, 1.5)?.toISOString()).toBe("2026-01-03T13:30:00.000Z");
    expect(draftExpiresAt({ files }, 0)).toBeUndefined();
    expect(draftExpiresAt({ files: [] }, 168)).toBeUndefined();
  });

  it("GIVEN a draft untouched one second short of its TTL THEN it reads as is; one second later THEN it reads as empty and its copies and row are deleted", async () => {
    const { deps, deletedKeys, advance } = draftRig(2);
    await addToDraft(deps, place, [file("a.txt"), file("b.txt")]);
    advance(2 * HOUR - 1000);
    expect((await readDraft(deps, place))?.files).toHaveLength(2);
    expect(deletedKeys()).toEqual([]);

    advance(1000);
    expect(await readDraft(deps, place)).toBeUndefined();
    expect(deletedKeys()).toEqual(["p/drafts/g1/c1/u1/00000000-a.txt", "p/drafts/g1/c1/u1/00000001-b.txt"]);
    expect(await deps.drafts.get(draftIdOf(place))).toBeUndefined();
  });

  it("GIVEN a draft near its expiry WHEN a file is added THEN the whole draft lives another TTL; GIVEN it already expired THEN the add starts a new draft with only the new file", async () => {
    const { deps, advance } = draftRig(2);
    await addToDraft(deps, place, [file("a.txt")]);
    advance(HOUR + 30 * 60 * 1000);
    await addToDraft(deps, place, [file("b.txt")]);
    advance(HOUR);
    expect((await readDraft(deps, place))?.files.map((each) => each.filename)).toEqual(["a.txt", "b.txt"]);

    advance(2 * HOUR);
    const fresh = await addToDraft(deps, place, [file("c.txt")]);
    expect(fresh.files.map((each) => each.filename)).toEqual(["c.txt"]);
  });

  it("GIVEN a draft WHEN a file is added an hour later THEN the sweep's index finds it a TTL after that file, not the first; emptied THEN it leaves the index", async () => {
    const { deps, advance, now } = draftRig(2);
    const expiredIds = async () => (await deps.drafts.below(draftsTouchedBefore(2, now()), 10)).map(draftIdOf);
    const first = await addToDraft(deps, place, [file("a.txt")]);
    advance(HOUR);
    await addToDraft(deps, place, [file("b.txt")]);

    advance(HOUR);
    expect(await expiredIds()).toEqual([]);
    advance(HOUR - 1);
    expect(await expiredIds()).toEqual([]);
    advance(1);
    expect(await expiredIds()).toEqual([draftIdOf(place)]);

    await removeFromDraft(deps, { place, keys: [...first.files, ...((await deps.drafts.get(draftIdOf(place)))?.files ?? [])].map((each) => each.key) });
    expect(await deps.drafts.all()).toEqual([]);
  });

  it("GIVEN a plan made of two files WHEN it is submitted after a third was added THEN only the two leave the draft (copies deleted), the third stays", async () => {
    const { deps, sent, deletedKeys } = draftRig();
    const planned = await addToDraft(deps, place, [file("a.txt"), file("b.txt")]);
    await addToDraft(deps, place, [file("c.txt")]);
    expect(await removeFromDraft(deps, { place, keys: planned.files.map((each) => each.key) })).toBe(2);
    expect(deletedKeys()).toEqual(planned.files.map((each) => each.key));
    expect((await readDraft(deps, place))?.files.map((each) => each.filename)).toEqual(["c.txt"]);

    await removeFromDraft(deps, { place, keys: (await readDraft(deps, place))?.files.map((each) => each.key) ?? [] });
    expect(await deps.drafts.get(draftIdOf(place))).toBeUndefined();
    expect(sent.filter((command) => command instanceof PutObjectCommand)).toHaveLength(3);
  });
});
