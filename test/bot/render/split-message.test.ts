import { describe, expect, it } from "vitest";
import { findOpenFence } from "../../../src/bot/render/find-open-fence.ts";
import { splitMessage } from "../../../src/bot/render/split-message.ts";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every part fits, has balanced fences and no half of a surrogate pair. */
function expectWellFormed(parts: string[], maxLength = 2000): void {
  for (const part of parts) {
    expect(part.length).toBeLessThanOrEqual(maxLength);
    expect(findOpenFence(part)).toBeUndefined();
    expect(LONE_SURROGATE.test(part)).toBe(false);
    expect(part.trim()).not.toEqual("");
  }
}

describe("splitMessage", () => {
  it("GIVEN a short text WHEN split THEN it is one part, unchanged", () => {
    expect(splitMessage("Hello **world**\n\n- a\n- b")).toEqual(["Hello **world**\n\n- a\n- b"]);
  });

  it("GIVEN blank text WHEN split THEN there are no parts", () => {
    expect(splitMessage("  \n\n ")).toEqual([]);
  });

  it("GIVEN exactly 2000 characters WHEN split THEN one part; 2001 THEN two", () => {
    const exact = "x".repeat(2000);
    expect(splitMessage(exact)).toEqual([exact]);

    const words = `${"word ".repeat(400)}!`; // 2001 characters
    const parts = splitMessage(words);
    expect(parts).toHaveLength(2);
    expectWellFormed(parts);
    expect(parts.join(" ")).toEqual(words.replace(/ {2}/g, " "));
  });

  it("GIVEN lines WHEN split THEN the cut is at the last line break that fits, which is dropped", () => {
    const line = `${"a".repeat(99)}\n`; // 100 characters per line
    const text = line.repeat(30).trimEnd();

    const parts = splitMessage(text, 1000);

    expect(parts).toEqual([line.repeat(10).trimEnd(), line.repeat(10).trimEnd(), line.repeat(10).trimEnd()]);
  });

  it("GIVEN a line break only early in the window WHEN split THEN the last space is preferred", () => {
    const text = `Title\n${"lorem ipsum ".repeat(300)}`;

    const parts = splitMessage(text, 500);

    expect(parts[0]?.length).toBeGreaterThan(400);
    expect(parts[0]?.endsWith("ipsum") || parts[0]?.endsWith("lorem")).toBe(true);
    expectWellFormed(parts, 500);
    expect(parts.join(" ").replace(/\s+/g, " ").trim()).toEqual(text.replace(/\s+/g, " ").trim());
  });

  it("GIVEN a 5000-character line without spaces WHEN split THEN it is cut hard at the limit", () => {
    const text = "a".repeat(5000);

    expect(splitMessage(text)).toEqual(["a".repeat(2000), "a".repeat(2000), "a".repeat(1000)]);
  });

  it("GIVEN an emoji across the limit WHEN cut hard THEN its surrogate pair stays whole", () => {
    const text = `${"a".repeat(1999)}😀${"b".repeat(100)}`;

    const parts = splitMessage(text);

    expect(parts).toEqual(["a".repeat(1999), `😀${"b".repeat(100)}`]);
  });

  it("GIVEN emoji sequences and flags WHEN cut hard THEN no grapheme is split", () => {
    const family = "👩‍👩‍👧‍👦"; // 11 code units joined by ZWJ
    const text = `${"a".repeat(1995)}${family}🇫🇷${"c".repeat(10)}`;

    const parts = splitMessage(text);

    expect(parts).toEqual(["a".repeat(1995), `${family}🇫🇷${"c".repeat(10)}`]);
  });

  it("GIVEN only emoji WHEN split THEN every part is well formed and nothing is lost", () => {
    const text = "😀🎉🇯🇵".repeat(700);

    const parts = splitMessage(text);

    expectWellFormed(parts);
    expect(parts.join("")).toEqual(text);
  });

  it("GIVEN a code block longer than a message WHEN split THEN each part closes it and the next reopens it with its language", () => {
    const code = Array.from({ length: 120 }, (_, i) => `const value${i} = compute(${i}); // line ${i}`).join("\n");
    const text = `Here is the code:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nThat's all.`;

    const parts = splitMessage(text);

    expect(parts.length).toBeGreaterThan(2);
    expectWellFormed(parts);
    expect(parts[0]?.startsWith("Here is the code:\n\n```ts\nconst value0")).toBe(true);
    for (const part of parts.slice(0, -1)) expect(part.endsWith("\n```")).toBe(true);
    for (const part of parts.slice(1)) expect(part.startsWith("```ts\n")).toBe(true);
    expect(parts.at(-1)?.endsWith("```\n\nThat's all.")).toBe(true);
    const codeLines = parts.flatMap((part) => part.split("\n")).filter((line) => line.startsWith("const "));
    expect(codeLines.join("\n")).toEqual(code);
  });

  it("GIVEN a fence that would open at the very end of a part WHEN split THEN it moves whole to the next part", () => {
    const prose = `${"word ".repeat(150).trimEnd()}\n`; // 750 characters
    const text = `${prose}\`\`\`py\n${"x = 1\n".repeat(100)}\`\`\``;

    const parts = splitMessage(text, 760);

    expect(parts[0]).toEqual(prose.trimEnd());
    expect(parts[1]?.startsWith("```py\nx = 1\n")).toBe(true);
    expectWellFormed(parts, 760);
  });

  it("GIVEN an unclosed fence (still streaming) WHEN split THEN the last part closes it", () => {
    expect(splitMessage("Look:\n```js\nconsole.log(1)")).toEqual(["Look:\n```js\nconsole.log(1)\n```"]);
  });

  it("GIVEN inline triple backticks on one line WHEN split THEN they count as a closed block", () => {
    const text = `run \`\`\`ls -la\`\`\` first ${"then more ".repeat(250)}`;

    const parts = splitMessage(text);

    expectWellFormed(parts);
    expect(parts[0]?.startsWith("run ```ls -la``` first then")).toBe(true);
    expect(parts[0]?.endsWith("```")).toBe(false);
  });

  it("GIVEN a growing text WHEN split again THEN parts already complete do not change", () => {
    const text = Array.from({ length: 200 }, (_, i) => `Sentence number ${i} says something.`).join(" ");
    const before = splitMessage(text.slice(0, 4500));

    const after = splitMessage(text);

    expect(after.slice(0, before.length - 1)).toEqual(before.slice(0, -1));
  });

  it("GIVEN a max length too small to make progress WHEN split THEN it refuses", () => {
    expect(() => splitMessage("text", 10)).toThrow(RangeError);
  });
});
