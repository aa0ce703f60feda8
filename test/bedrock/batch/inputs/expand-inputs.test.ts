import { describe, expect, it } from "vitest";
import { resolveBatchInputLimits } from "../../../../src/bedrock/batch/inputs/batch-input-limits.ts";
import { expandInputs } from "../../../../src/bedrock/batch/inputs/expand-inputs.ts";
import { describeOrigin, type InputEvent, type InputSource } from "../../../../src/bedrock/batch/inputs/input-item.ts";
import { makeZip } from "../fixtures/make-zip.ts";
import { EXE_HEADER, MP3_HEADER, MP4_HEADER, PDF_MINIMAL, PNG_1X1 } from "../fixtures/sample-files.ts";

const file = (filename: string, data: Uint8Array | string, tabular?: "rows" | "document"): InputSource => ({
  kind: "file",
  filename,
  bytes: typeof data === "string" ? new TextEncoder().encode(data) : data,
  ...(tabular ? { tabular } : {}),
});

/** One line per event: `kind input` for items, `skipped input: reason` for skips. */
async function summarize(sources: InputSource[], overrides = {}): Promise<string[]> {
  const lines: string[] = [];
  for await (const event of expandInputs(sources, resolveBatchInputLimits(overrides))) lines.push(describeEvent(event));
  return lines;
}

function describeEvent(event: InputEvent): string {
  if (event.type === "skipped") return `skipped ${event.skipped.input}: ${event.skipped.reason}`;
  const { item } = event;
  const detail = item.kind === "row" ? JSON.stringify(item.values) : item.kind === "text" ? item.text : `${item.format} ${item.mime}`;
  return `${item.kind} ${describeOrigin(item.origin)} ${detail}`;
}

describe("expandInputs", () => {
  it("GIVEN one file of each kind WHEN expanded THEN media become items, data files become rows and the rest is skipped with why", async () => {
    expect(
      await summarize([
        file("cat.png", PNG_1X1),
        file("clip.mp4", MP4_HEADER),
        file("report.pdf", PDF_MINIMAL),
        file("page.html", "<html><body>Hi</body></html>"),
        file("notes.md", "# Notes\nbuy milk"),
        file("plain.txt", "hello"),
        file("rows.csv", "q\nfirst\nsecond\n"),
        file("rows.tsv", "q\tn\nthird\t3\n"),
        file("rows.jsonl", '{"q": "fourth"}\n'),
        file("rows.json", '[{"q": "fifth"}]'),
        file("setup.exe", EXE_HEADER),
        file("song.mp3", MP3_HEADER),
        file("empty.txt", ""),
        file("blank.txt", "  \n "),
      ]),
    ).toEqual([
      "image cat.png png image/png",
      "video clip.mp4 mp4 video/mp4",
      "document report.pdf pdf application/pdf",
      "document page.html html text/html",
      "text notes.md # Notes\nbuy milk",
      "text plain.txt hello",
      'row rows.csv row 1 {"q":"first"}',
      'row rows.csv row 2 {"q":"second"}',
      'row rows.tsv row 1 {"q":"third","n":"3"}',
      'row rows.jsonl row 1 {"q":"fourth"}',
      'row rows.json row 1 {"q":"fifth"}',
      "skipped setup.exe: unsupported file type (exe)",
      "skipped song.mp3: unsupported file type (mp3)",
      "skipped empty.txt: the file is empty",
      "skipped blank.txt: the file has no text",
    ]);
  });

  it("GIVEN CSV and TSV files read as documents WHEN expanded THEN the CSV is a document and the TSV inlined text", async () => {
    expect(await summarize([file("table.csv", "a,b\n1,2\n", "document"), file("table.tsv", "a\tb\n", "document")])).toEqual([
      "document table.csv csv text/csv",
      "text table.tsv a\tb\n",
    ]);
  });

  it("GIVEN a zip with a nested zip, a traversal entry and a CSV WHEN expanded THEN members are expanded recursively and the traversal skipped", async () => {
    const inner = makeZip([{ name: "deep/cat.png", data: PNG_1X1 }]);
    const outer = makeZip([
      { name: "inner.zip", data: inner, method: "store" },
      { name: "../escape.txt", data: "x" },
      { name: "data/rows.csv", data: "q\none\ntwo\n" },
      { name: "readme.exe", data: EXE_HEADER },
    ]);
    expect(await summarize([file("photos.zip", outer)])).toEqual([
      "image photos.zip: inner.zip/deep/cat.png png image/png",
      "skipped photos.zip: ../escape.txt: unsafe path in the archive (invalid relative path)",
      'row photos.zip: data/rows.csv row 1 {"q":"one"}',
      'row photos.zip: data/rows.csv row 2 {"q":"two"}',
      "skipped photos.zip: readme.exe: unsupported file type (exe)",
    ]);
  });

  it("GIVEN archives nested deeper than the limit WHEN expanded THEN the too-deep archive is one skipped input", async () => {
    const inner = makeZip([{ name: "cat.png", data: PNG_1X1 }]);
    const outer = makeZip([{ name: "inner.zip", data: inner }, { name: "dog.png", data: PNG_1X1 }]);
    expect(await summarize([file("outer.zip", outer)], { maxZipDepth: 1 })).toEqual([
      "skipped outer.zip: inner.zip: archives nested more than 1 deep are not read",
      "image outer.zip: dog.png png image/png",
    ]);
  });

  it("GIVEN a nested zip bomb WHEN expanded THEN the budget shared with the outer archive refuses it", async () => {
    const bomb = makeZip([{ name: "zeros.bin", data: new Uint8Array(600) }]);
    const outer = makeZip([{ name: "a.txt", data: "x".repeat(600) }, { name: "bomb.zip", data: bomb }]);
    expect(await summarize([file("outer.zip", outer)], { maxZipTotalBytes: 1000 })).toEqual([
      "text outer.zip: a.txt " + "x".repeat(600),
      "skipped outer.zip: bomb.zip: archive refused: it declares 600 bytes uncompressed; at most 1000 bytes are read (zip bomb guard)",
    ]);
  });

  it("GIVEN a broken zip between good files WHEN expanded THEN the zip is skipped and the others kept", async () => {
    const broken = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(40, 7)]);
    expect(await summarize([file("a.png", PNG_1X1), file("broken.zip", broken), file("b.txt", "still here")])).toEqual([
      "image a.png png image/png",
      expect.stringMatching(/^skipped broken\.zip: not a readable zip archive: /),
      "text b.txt still here",
    ]);
  });

  it("GIVEN files over the size limits WHEN expanded THEN each is skipped with the limit", async () => {
    expect(await summarize([file("big.txt", "x".repeat(50)), file("long.md", "y".repeat(20))], { maxFileBytes: 40, maxTextChars: 10 })).toEqual([
      "skipped big.txt: the file is 50 bytes; the limit is 40 bytes",
      "skipped long.md: the text is 20 characters; at most 10 are inlined into a prompt",
    ]);
  });
});
