import type { S3Client } from "@aws-sdk/client-s3";
import Keyv from "keyv";
import { describe, expect, it } from "vitest";
import { addToDraft, draftIdOf, draftObjectKey, MAX_DRAFT_FILES, renderDraft, type BatchDraft } from "../../../src/bot/batch/batch-drafts.ts";
import { KeyvRepository } from "../../../src/store/keyv-repository.ts";

const place = { guildId: "g1", channelId: "c1", userId: "u1" };

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
    expect(renderDraft(draft).split("\n")).toEqual([
      "🗂️ Your batch draft in this channel: 2 files, 2.0 MB in all.",
      "1. `a.csv` · 300 bytes",
      "2. `b.zip` · 2.0 MB",
      "Submit it with `/batch run`, empty it with `/batch clear`.",
    ]);
    expect(renderDraft(undefined)).toContain("is empty");
  });

  it("GIVEN a draft one file short of the cap WHEN two more are added THEN it is refused before anything is copied to S3", async () => {
    const sent: unknown[] = [];
    const deps = {
      drafts: new KeyvRepository<BatchDraft>(new Keyv<BatchDraft>()),
      // Only PutObject is used; the stub records each command.
      s3: { send: (command: unknown) => Promise.resolve(sent.push(command)) } as unknown as S3Client,
      bucket: "b",
      prefix: "p/",
      provider: "aws",
      now: () => new Date("2026-01-01T00:00:00.000Z"),
      newId: () => String(sent.length).padStart(8, "0"),
    };
    const file = (name: string) => ({ filename: name, bytes: Buffer.from(name) });
    const draft = await addToDraft(deps, place, Array.from({ length: MAX_DRAFT_FILES - 1 }, (_, index) => file(`f${index}.txt`)));
    expect(draft.files).toHaveLength(MAX_DRAFT_FILES - 1);
    expect(draft.files[0]).toEqual({ key: "p/drafts/g1/c1/u1/00000000-f0.txt", filename: "f0.txt", size: 6, addedAt: "2026-01-01T00:00:00.000Z" });
    await expect(addToDraft(deps, place, [file("x.txt"), file("y.txt")])).rejects.toThrow(`at most ${MAX_DRAFT_FILES} files`);
    expect(sent).toHaveLength(MAX_DRAFT_FILES - 1);
  });
});
