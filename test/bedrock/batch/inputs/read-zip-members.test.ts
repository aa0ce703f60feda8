import { describe, expect, it } from "vitest";
import { DEFAULT_BATCH_INPUT_LIMITS, resolveBatchInputLimits } from "../../../../src/bedrock/batch/inputs/batch-input-limits.ts";
import { createZipBudget, readZipMembers, type ZipMemberEvent } from "../../../../src/bedrock/batch/inputs/read-zip-members.ts";
import { makeZip, type ZipEntrySpec } from "../fixtures/make-zip.ts";

/** Members as text, for readable expectations. */
async function readAll(entries: readonly ZipEntrySpec[], overrides = {}): Promise<unknown[]> {
  const limits = resolveBatchInputLimits(overrides);
  const events: ZipMemberEvent[] = [];
  for await (const event of readZipMembers(makeZip(entries), limits, createZipBudget(limits))) events.push(event);
  return events.map((event) => (event.type === "member" ? { path: event.path, text: Buffer.from(event.bytes).toString("utf8") } : event));
}

const zeros = (bytes: number) => new Uint8Array(bytes);

describe("readZipMembers", () => {
  it("GIVEN stored and deflated members in folders WHEN read THEN each file is yielded in order and directories are not members", async () => {
    expect(await readAll([{ name: "docs/" }, { name: "docs/a.txt", data: "alpha" }, { name: "b.txt", data: "beta", method: "store" }])).toEqual([
      { path: "docs/a.txt", text: "alpha" },
      { path: "b.txt", text: "beta" },
    ]);
  });

  it("GIVEN traversal and absolute member paths WHEN read THEN those members are skipped and the others kept", async () => {
    const events = await readAll([
      { name: "../evil.txt", data: "x" },
      { name: "ok/../../evil.txt", data: "x" },
      { name: "/etc/passwd", data: "x" },
      { name: "C:/windows.txt", data: "x" },
      { name: "good.txt", data: "fine" },
    ]);
    expect(events).toEqual([
      { type: "skipped", path: "../evil.txt", reason: "unsafe path in the archive (invalid relative path)" },
      { type: "skipped", path: "ok/../../evil.txt", reason: "unsafe path in the archive (invalid relative path)" },
      { type: "skipped", path: "/etc/passwd", reason: "unsafe path in the archive (absolute path)" },
      { type: "skipped", path: "C:/windows.txt", reason: "unsafe path in the archive (absolute path)" },
      { path: "good.txt", text: "fine" },
    ]);
  });

  it("GIVEN a symbolic link and macOS metadata WHEN read THEN the link is skipped and the metadata ignored", async () => {
    expect(await readAll([{ name: "link", data: "/etc/passwd", mode: 0o120777 }, { name: "__MACOSX/._a.txt", data: "x" }, { name: "a.txt", data: "a" }])).toEqual([
      { type: "skipped", path: "link", reason: "symbolic links are not followed" },
      { path: "a.txt", text: "a" },
    ]);
  });

  it("GIVEN an archive holding only folders and metadata WHEN read THEN the archive itself is skipped", async () => {
    expect(await readAll([{ name: "empty/" }, { name: "sub/.DS_Store", data: "x" }])).toEqual([{ type: "skipped", reason: "the archive holds no files" }]);
  });

  it("GIVEN a member compressed past the ratio limit WHEN read THEN the archive is refused before inflating anything", async () => {
    expect(await readAll([{ name: "a.txt", data: "first" }, { name: "bomb.bin", data: zeros(2 * 1024 * 1024) }])).toEqual([
      { type: "skipped", reason: expect.stringMatching(/^archive refused: bomb\.bin is compressed \d+:1; the limit is 100:1 \(zip bomb guard\)$/) },
    ]);
  });

  it("GIVEN members whose declared total exceeds the limit WHEN read THEN the archive is refused before inflating anything", async () => {
    const entries = [{ name: "a.txt", data: "a".repeat(600) }, { name: "b.txt", data: "b".repeat(600) }];
    expect(await readAll(entries, { maxZipTotalBytes: 1000 })).toEqual([
      { type: "skipped", reason: "archive refused: it declares 1200 bytes uncompressed; at most 1000 bytes are read (zip bomb guard)" },
    ]);
  });

  it("GIVEN more entries than the limit WHEN read THEN the archive is refused", async () => {
    expect(await readAll([{ name: "a", data: "1" }, { name: "b", data: "2" }, { name: "c", data: "3" }], { maxZipEntries: 2 })).toEqual([
      { type: "skipped", reason: "archive refused: it declares 3 entries; at most 2 are read (zip bomb guard)" },
    ]);
  });

  it("GIVEN a header that under-declares a member's size WHEN inflated THEN reading stops at the declared size and earlier members are kept", async () => {
    const events = await readAll([{ name: "a.txt", data: "first" }, { name: "liar.bin", data: zeros(2 * 1024 * 1024), declaredSize: 1000 }]);
    expect(events[0]).toEqual({ path: "a.txt", text: "first" });
    expect(events[1]).toEqual({ type: "skipped", reason: "archive refused after 1 member: liar.bin inflates past its declared 1000 bytes" });
    expect(events).toHaveLength(2);
  });

  it("GIVEN a member over the per-file limit WHEN read THEN only that member is skipped", async () => {
    expect(await readAll([{ name: "big.txt", data: "x".repeat(2000) }, { name: "small.txt", data: "ok" }], { maxFileBytes: 1000 })).toEqual([
      { type: "skipped", path: "big.txt", reason: "it is 2000 bytes; the limit per file is 1000 bytes" },
      { path: "small.txt", text: "ok" },
    ]);
  });

  it("GIVEN a truncated archive WHEN read THEN it is skipped as unreadable", async () => {
    const zip = makeZip([{ name: "a.txt", data: "alpha" }]);
    const events: ZipMemberEvent[] = [];
    const limits = DEFAULT_BATCH_INPUT_LIMITS;
    for await (const event of readZipMembers(zip.subarray(0, zip.length - 10), limits, createZipBudget(limits))) events.push(event);
    expect(events).toEqual([{ type: "skipped", reason: expect.stringMatching(/^not a readable zip archive: /) }]);
  });

  it("GIVEN one budget shared by two archives WHEN the second would exceed it THEN the second is refused", async () => {
    const limits = resolveBatchInputLimits({ maxZipTotalBytes: 1000 });
    const budget = createZipBudget(limits);
    const zip = makeZip([{ name: "a.txt", data: "a".repeat(600) }]);
    const first: ZipMemberEvent[] = [];
    for await (const event of readZipMembers(zip, limits, budget)) first.push(event);
    const second: ZipMemberEvent[] = [];
    for await (const event of readZipMembers(zip, limits, budget)) second.push(event);
    expect(first.map((event) => event.type)).toEqual(["member"]);
    expect(second).toEqual([{ type: "skipped", reason: "archive refused: it declares 600 bytes uncompressed; at most 1000 bytes are read (zip bomb guard)" }]);
  });
});
