/**
 * Finding where a JSON value ends without parsing it.
 *
 * Batch output lines echo the whole `modelInput`, base64 media included, so a line can be megabytes of which we need a
 * few hundred bytes. Strings are skipped with `Buffer.indexOf('"')` (a native memchr), so a megabyte of base64 costs one
 * scan and no allocation; only the bytes between strings are looked at one by one. Works on UTF-8 bytes: multi-byte
 * sequences never contain ASCII bytes, so `"`, `\` and brackets are found exactly.
 *
 * Only structure is checked (strings closed, brackets matched). A bad number or literal inside is accepted: callers
 * that need a value `JSON.parse` its extent, which checks the rest.
 */

/** The bytes JSON structure is made of. */
export const JSON_BYTE = {
  QUOTE: 0x22,
  BACKSLASH: 0x5c,
  OPEN_BRACE: 0x7b,
  CLOSE_BRACE: 0x7d,
  OPEN_BRACKET: 0x5b,
  CLOSE_BRACKET: 0x5d,
  COMMA: 0x2c,
  COLON: 0x3a,
} as const;

const { QUOTE, BACKSLASH, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, COMMA, COLON } = JSON_BYTE;

/** JSON whitespace: space, tab, LF, CR. */
function isJsonWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** First position at or after `pos` that is not JSON whitespace. */
export function skipJsonWhitespace(bytes: Buffer, pos: number): number {
  let at = pos;
  while (at < bytes.length && isJsonWhitespace(bytes[at])) at++;
  return at;
}

/** End (exclusive) of the string whose opening quote is at `start`, or -1 when it never closes. */
export function findStringEnd(bytes: Buffer, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, from);
    if (quote === -1) return -1;
    // A quote preceded by an odd number of backslashes is escaped (`\"`); by an even number it is not (`\\"`).
    let backslashes = 0;
    for (let at = quote - 1; at > start && bytes[at] === BACKSLASH; at--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/**
 * End (exclusive) of the JSON value starting at `start` (its first byte, not whitespace), or -1 when the bytes there
 * are not a complete value: unclosed string, unmatched bracket, nothing at all.
 */
export function findJsonValueEnd(bytes: Buffer, start: number): number {
  const first = bytes[start];
  if (first === undefined) return -1;
  if (first === QUOTE) return findStringEnd(bytes, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) return findContainerEnd(bytes, start);
  return findScalarEnd(bytes, start);
}

function findContainerEnd(bytes: Buffer, start: number): number {
  // Expected closers, innermost last. Matching them (not just counting) turns `{]` into "unsure" instead of a wrong extent.
  const closers: number[] = [];
  let at = start;
  while (at < bytes.length) {
    const byte = bytes[at];
    if (byte === QUOTE) {
      at = findStringEnd(bytes, at);
      if (at === -1) return -1;
      continue;
    }
    if (byte === OPEN_BRACE) closers.push(CLOSE_BRACE);
    else if (byte === OPEN_BRACKET) closers.push(CLOSE_BRACKET);
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (closers.pop() !== byte) return -1;
      if (closers.length === 0) return at + 1;
    }
    at++;
  }
  return -1;
}

/** Numbers, `true`, `false`, `null`: up to the next delimiter. */
function findScalarEnd(bytes: Buffer, start: number): number {
  let at = start;
  while (at < bytes.length) {
    const byte = bytes[at];
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || byte === COLON || isJsonWhitespace(byte)) break;
    if (byte === QUOTE || byte === OPEN_BRACE || byte === OPEN_BRACKET) return -1;
    at++;
  }
  return at === start ? -1 : at;
}
