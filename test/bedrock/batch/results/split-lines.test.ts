import { describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { splitLines } from "../../../../src/bedrock/batch/results/split-lines.ts";

async function linesOf(chunks: (string | Uint8Array)[]): Promise<string[]> {
  const source = Readable.from(chunks.map((chunk) => (typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk)));
  const lines: string[] = [];
  for await (const line of splitLines(source)) lines.push(line.toString("utf8"));
  return lines;
}

describe("splitLines", () => {
  it("GIVEN lines split across chunks at every point WHEN split THEN the lines are whole", async () => {
    const bytes = Buffer.from('{"a":1}\n{"b":"é😀"}\n\n{"c":3}');
    for (let cut = 0; cut <= bytes.length; cut++) {
      // Cuts fall inside multi-byte characters too: lines are split as bytes, decoded only whole.
      expect(await linesOf([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at ${cut}`).toEqual(['{"a":1}', '{"b":"é😀"}', "", '{"c":3}']);
    }
  });

  it("GIVEN CRLF endings and a trailing newline WHEN split THEN CR is dropped and no empty last line appears", async () => {
    expect(await linesOf(["a\r\nb\r", "\n"])).toEqual(["a", "b"]);
  });

  it("GIVEN one line spread over many small chunks WHEN split THEN it comes out once, whole", async () => {
    const line = "x".repeat(10_000);
    const chunks = Array.from({ length: 100 }, (_, index) => line.slice(index * 100, (index + 1) * 100));
    expect(await linesOf([...chunks, "\nnext"])).toEqual([line, "next"]);
  });

  it("GIVEN no input WHEN split THEN there are no lines", async () => {
    expect(await linesOf([])).toEqual([]);
  });

  it("GIVEN a source that reuses one buffer for every chunk WHEN split THEN lines spanning chunks are still right", async () => {
    const text = Buffer.from("first line\nsecond, longer line\nthird\n");
    const reused = Buffer.alloc(4);
    async function* source(): AsyncGenerator<Buffer> {
      for (let at = 0; at < text.length; at += reused.length) {
        await Promise.resolve(); // where a real reader awaits its read
        const length = text.copy(reused, 0, at, at + reused.length);
        yield reused.subarray(0, length);
        reused.fill(0x3f); // what a reusing reader leaves behind: garbage if anything still pointed here
      }
    }
    const lines: string[] = [];
    for await (const line of splitLines(source())) lines.push(line.toString("utf8"));
    expect(lines).toEqual(["first line", "second, longer line", "third"]);
  });
});
