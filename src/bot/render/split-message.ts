/**
 * A long text -> Discord messages of at most `maxLength` characters each, cut where a reader would cut:
 *
 * - at the last line break in the second half of the allowed length, else at the last space or tab there, else
 *   (one huge word, a URL, base64) at the last grapheme boundary, so an emoji, a flag or a surrogate pair is never
 *   cut in half; the line break or space cut at is dropped;
 * - never inside a code block without repairing it: a part that ends inside a fence closes it, and the next part
 *   reopens it with the same language, so every part renders on its own. A fence still open at the very end (an
 *   answer still streaming, or a model that forgot to close it) is closed too;
 * - a fence is not left as an empty block at the end of a part: the cut moves before its ```.
 *
 * Lengths are UTF-16 code units (`string.length`), which never undercounts what Discord counts. Parts before a
 * cut are stable as the text grows (they depend only on their own window), so a streamed answer does not rewrite
 * messages it has already filled. Blank text gives no parts.
 */
import { FENCE, findOpenFence } from "./find-open-fence.ts";

/** Discord: message `content` <= 2000 characters for bots. */
export const DISCORD_MESSAGE_LIMIT = 2000;

/** Room for a reopened fence, its close and some text: below this, splitting cannot make progress. */
const MIN_LENGTH = 20;
const CLOSE = `\n${FENCE}`;
const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

export function splitMessage(text: string, maxLength: number = DISCORD_MESSAGE_LIMIT): string[] {
  if (!Number.isInteger(maxLength) || maxLength < MIN_LENGTH) throw new RangeError(`maxLength must be an integer >= ${MIN_LENGTH}, got ${maxLength}`);
  const parts: string[] = [];
  let reopen = ""; // the fence opener carried over from the previous part, e.g. "```ts\n"
  let rest = text;
  for (;;) {
    rest = rest.replace(/^\n+/, "");
    if (rest.trim() === "") return parts;

    const whole = reopen + rest;
    const openAtEnd = findOpenFence(whole);
    if (whole.length + (openAtEnd === undefined ? 0 : CLOSE.length) <= maxLength) {
      parts.push(openAtEnd === undefined ? whole : whole.trimEnd() + CLOSE);
      return parts;
    }

    // Room for a closing fence only where one may be needed: no ``` in reach means no block to close.
    const reserve = whole.slice(0, maxLength).includes(FENCE) ? CLOSE.length : 0;
    const cut = findCut(rest, maxLength - reopen.length - reserve);
    let body = reopen + rest.slice(0, cut.end);
    let next = cut.next;
    let open = findOpenFence(body);
    if (open !== undefined && open.index >= reopen.length && isBlank(body.slice(open.index + FENCE.length + open.language.length))) {
      // The part would end with an empty code block: leave the fence to the next part instead.
      const before = body.slice(0, open.index);
      if (!isBlank(before)) {
        next = open.index - reopen.length;
        body = before;
        open = undefined;
      }
    }
    const part = open === undefined ? body.trimEnd() : body.trimEnd() + CLOSE;
    if (!isBlank(part)) parts.push(part);
    reopen = open === undefined ? "" : reopenerFor(open.language, maxLength);
    rest = rest.slice(next);
  }
}

interface Cut {
  /** End (exclusive) of this part's text in `rest`. */
  end: number;
  /** Where the next part starts: after the line break or space cut at, else `end`. */
  next: number;
}

/** Where to cut `rest` so the part holds at most `budget` characters. */
function findCut(rest: string, budget: number): Cut {
  const half = Math.floor(budget / 2);
  const lineBreak = rest.lastIndexOf("\n", budget);
  if (lineBreak >= half) return { end: lineBreak, next: lineBreak + 1 };
  for (let index = budget; index >= half; index -= 1) {
    const char = rest[index];
    if (char === " " || char === "\t") return { end: index, next: index + 1 };
  }
  const end = lastGraphemeBoundary(rest, budget);
  return { end, next: end };
}

/** The last grapheme boundary at or before `limit` (> 0); a single grapheme longer than `limit` is cut between code points. */
function lastGraphemeBoundary(text: string, limit: number): number {
  let boundary = 0;
  // A little past the limit, so the grapheme straddling it is seen whole (ZWJ sequences run ~10 code units).
  for (const { index, segment } of segmenter.segment(text.slice(0, limit + 32))) {
    if (index + segment.length > limit) break;
    boundary = index + segment.length;
  }
  if (boundary > 0) return boundary;
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit; // never leave a lone high surrogate
}

/** "```ts\n"; a language so long it would crowd out the text is dropped (the block still renders, unhighlighted). */
function reopenerFor(language: string, maxLength: number): string {
  const reopener = `${FENCE}${language}\n`;
  return reopener.length <= maxLength / 4 ? reopener : `${FENCE}\n`;
}

function isBlank(text: string): boolean {
  return text.trim() === "";
}
