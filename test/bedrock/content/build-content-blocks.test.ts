import { describe, expect, it } from "vitest";
import { buildContentBlocks, DOCUMENT_PROMPT, megabytes } from "../../../src/bedrock/content/build-content-blocks.ts";
import { EXE_BYTES, JPEG_BYTES, MP4_BYTES, padded, PDF_BYTES, PNG_BYTES, utf8, ZIP_BYTES } from "../read-fixture.ts";

const MB = 1024 * 1024;

describe("buildContentBlocks", () => {
  it("GIVEN a PNG named .jpg WHEN built THEN the image format comes from the bytes", async () => {
    const built = await buildContentBlocks("What is this?", [{ filename: "photo.jpg", bytes: PNG_BYTES }]);

    expect(built).toEqual({
      value: [{ image: { format: "png", source: { bytes: PNG_BYTES } } }, { text: "What is this?" }],
      warnings: [],
    });
  });

  it("GIVEN an image over 3.75 MB WHEN built THEN it is dropped with its size and the limit", async () => {
    const built = await buildContentBlocks("hi", [{ filename: "big.png", bytes: padded(PNG_BYTES, 5.2 * MB) }]);

    expect(built).toEqual({ value: [{ text: "hi" }], warnings: ['dropped "big.png": image is 5.2 MB, Bedrock accepts at most 3.75 MB'] });
  });

  it("GIVEN 21 images WHEN built THEN the 21st is dropped", async () => {
    const files = Array.from({ length: 21 }, (_, i) => ({ filename: `p${i}.jpg`, bytes: JPEG_BYTES }));

    const built = await buildContentBlocks("hi", files);

    expect(built.value.filter((block) => block.image !== undefined)).toHaveLength(20);
    expect(built.warnings).toEqual(['dropped "p20.jpg": Bedrock accepts at most 20 images per request']);
  });

  it("GIVEN a PDF and no text WHEN built THEN a document with a sanitised name and a short prompt beside it", async () => {
    const built = await buildContentBlocks("  ", [{ filename: "Q3_report.final.pdf", bytes: PDF_BYTES }]);

    expect(built).toEqual({
      value: [{ document: { format: "pdf", name: "Q3 report final", source: { bytes: PDF_BYTES } } }, { text: DOCUMENT_PROMPT }],
      warnings: [],
    });
  });

  it("GIVEN two files whose names sanitise alike WHEN built THEN the document names are made unique", async () => {
    const built = await buildContentBlocks("compare", [
      { filename: "report.pdf", bytes: PDF_BYTES },
      { filename: "report.csv", bytes: utf8("a,b\n1,2\n") },
    ]);

    expect(built.value.map((block) => [block.document?.name, block.document?.format])).toEqual([
      ["report", "pdf"],
      ["report (2)", "csv"],
      [undefined, undefined],
    ]);
  });

  it("GIVEN 6 documents WHEN built THEN the 6th is dropped", async () => {
    const files = Array.from({ length: 6 }, (_, i) => ({ filename: `doc${i}.pdf`, bytes: PDF_BYTES }));

    const built = await buildContentBlocks("read", files);

    expect(built.value.filter((block) => block.document !== undefined)).toHaveLength(5);
    expect(built.warnings).toEqual(['dropped "doc5.pdf": Bedrock accepts at most 5 documents per request']);
  });

  it("GIVEN a document over 4.5 MB WHEN built THEN it is dropped with its size", async () => {
    const built = await buildContentBlocks("read", [{ filename: "huge.pdf", bytes: padded(PDF_BYTES, 6 * MB) }]);

    expect(built.warnings).toEqual(['dropped "huge.pdf": document is 6 MB, Bedrock accepts at most 4.5 MB']);
  });

  it("GIVEN md, html and txt files WHEN built THEN they are documents; code and json are inlined with their filename", async () => {
    const built = await buildContentBlocks("review", [
      { filename: "README.md", bytes: utf8("# Hi") },
      { filename: "page.html", bytes: utf8("<p>x</p>") },
      { filename: "notes.txt", bytes: utf8("remember") },
      { filename: "main.py", bytes: utf8("print(1)") },
      { filename: "data.json", bytes: utf8('{"a":1}') },
    ]);

    expect(built.value).toEqual([
      { document: { format: "md", name: "README", source: { bytes: utf8("# Hi") } } },
      { document: { format: "html", name: "page", source: { bytes: utf8("<p>x</p>") } } },
      { document: { format: "txt", name: "notes", source: { bytes: utf8("remember") } } },
      { text: '<file name="main.py">\nprint(1)\n</file>' },
      { text: '<file name="data.json">\n{"a":1}\n</file>' },
      { text: "review" },
    ]);
  });

  it("GIVEN a long text file WHEN inlined THEN it is truncated with a warning", async () => {
    const built = await buildContentBlocks("x", [{ filename: "log.py", bytes: utf8("a".repeat(20)) }], { maxInlineTextChars: 10 });

    expect(built.value[0]).toEqual({ text: `<file name="log.py">\n${"a".repeat(10)}\n</file>` });
    expect(built.warnings).toEqual(['truncated "log.py" to its first 10 characters']);
  });

  it("GIVEN a video and a model without video WHEN built THEN it is dropped", async () => {
    const built = await buildContentBlocks("x", [{ filename: "clip.mp4", bytes: MP4_BYTES }]);

    expect(built.warnings).toEqual(['dropped "clip.mp4": this model does not accept video']);
  });

  it("GIVEN video allowed WHEN built THEN bytes inline, or an s3Location when the file has an s3Uri", async () => {
    const inline = await buildContentBlocks("x", [{ filename: "clip.mp4", bytes: MP4_BYTES }], { allowVideo: true });
    const fromS3 = await buildContentBlocks("x", [{ filename: "clip.mp4", bytes: MP4_BYTES, s3Uri: "s3://bucket/in/clip.mp4" }], { allowVideo: true });

    expect(inline.value[0]).toEqual({ video: { format: "mp4", source: { bytes: MP4_BYTES } } });
    expect(fromS3.value[0]).toEqual({ video: { format: "mp4", source: { s3Location: { uri: "s3://bucket/in/clip.mp4" } } } });
  });

  it("GIVEN an inline video over 25 MB WHEN built THEN it is dropped", async () => {
    const built = await buildContentBlocks("x", [{ filename: "long.mp4", bytes: padded(MP4_BYTES, 26 * MB) }], { allowVideo: true });

    expect(built.warnings).toEqual(['dropped "long.mp4": video is 26 MB, at most 25 MB can be sent inline']);
  });

  it("GIVEN an exe, a zip and an empty file WHEN built THEN each is dropped with its reason", async () => {
    const built = await buildContentBlocks("x", [
      { filename: "setup.exe", bytes: EXE_BYTES },
      { filename: "all.zip", bytes: ZIP_BYTES },
      { filename: "empty.txt", bytes: new Uint8Array() },
    ]);

    expect(built).toEqual({
      value: [{ text: "x" }],
      warnings: [
        'dropped "setup.exe": exe files are not supported',
        'dropped "all.zip": zip archives are not read here; attach the files themselves',
        'dropped "empty.txt": the file is empty',
      ],
    });
  });

  it("GIVEN limits left over from earlier messages WHEN built THEN they apply", async () => {
    const built = await buildContentBlocks("x", [{ filename: "a.png", bytes: PNG_BYTES }], { maxImages: 0 });

    expect(built.warnings).toEqual(['dropped "a.png": Bedrock accepts at most 0 images per request']);
  });
});

describe("megabytes", () => {
  it("GIVEN sizes WHEN formatted THEN at most two decimals", () => {
    expect([megabytes(5.2 * MB), megabytes(3.75 * MB), megabytes(4.5 * MB), megabytes(MB)]).toEqual(["5.2 MB", "3.75 MB", "4.5 MB", "1 MB"]);
  });
});

describe("buildContentBlocks with media other messages carry", () => {
  it("GIVEN 19 images elsewhere in the request WHEN a message brings 2 THEN one fits and the drop names the request's limit", async () => {
    const files = [{ filename: "a.png", bytes: PNG_BYTES }, { filename: "b.png", bytes: PNG_BYTES }];
    const built = await buildContentBlocks("two more", files, {}, { images: 19, documents: 0, videos: 0 });
    expect(built.value.filter((block) => block.image !== undefined)).toHaveLength(1);
    expect(built.warnings).toEqual(['dropped "b.png": Bedrock accepts at most 20 images per request, and other messages already carry 19']);
  });
});
