/**
 * Where each key of a TOML text is, so a validation error can say `file:line:col`.
 *
 * smol-toml returns values without positions, so this is a small scanner of its own. It understands just enough TOML
 * to follow key paths: comments, `[tables]`, `[[arrays of tables]]` (counted, so the third `[[models]]` is `models[2]`,
 * and `[models.extra_params]` belongs to the latest one), dotted and quoted keys, strings of all four kinds (so a `[`
 * or `#` inside one is not mistaken for syntax), multi-line arrays and inline tables (best effort: their keys and
 * elements are recorded too). It never throws: the parser reports syntax errors; on text it does not follow, the
 * scanner skips to the next line.
 */
import { formatKeyPath, type KeyPath } from "./key-path.ts";

/** 1-based, like editors and smol-toml's errors. */
export interface TomlPosition {
  line: number;
  column: number;
}

/** Position of every key, table header and array element seen, keyed by `formatKeyPath`. */
export type TomlKeyLocations = ReadonlyMap<string, TomlPosition>;

const BARE_KEY = /[A-Za-z0-9_-]+/y;
/** Characters that end a scalar (number, boolean, date) inside a line, an array or an inline table. */
const SCALAR_END = new Set([",", "]", "}", "\n", "\r", "#"]);

export function locateTomlKeys(text: string): TomlKeyLocations {
  const locations = new Map<string, TomlPosition>();
  /** Array-of-tables path -> index of its latest element. */
  const latestElement = new Map<string, number>();
  const lineStarts = findLineStarts(text);
  let i = 0;

  const record = (path: KeyPath, offset: number): void => {
    const key = formatKeyPath(path);
    // The first mention wins: an implicit table is where it first appears.
    if (!locations.has(key)) locations.set(key, positionAt(lineStarts, offset));
  };

  const skipBlanks = (): void => {
    while (text[i] === " " || text[i] === "\t") i++;
  };
  const skipToEndOfLine = (): void => {
    while (i < text.length && text[i] !== "\n") i++;
  };
  const skipBlanksNewlinesAndComments = (): void => {
    for (;;) {
      skipBlanks();
      if (text[i] === "#") skipToEndOfLine();
      if (text[i] !== "\n" && text[i] !== "\r") return;
      i++;
    }
  };

  /** Offset of the closing quote of a one-line basic string opened at `open`, or -1. */
  const basicStringEnd = (open: number): number => {
    for (let j = open + 1; j < text.length; j++) {
      const char = text[j];
      if (char === "\\") j++;
      else if (char === '"') return j;
      else if (char === "\n") return -1;
    }
    return -1;
  };
  const literalStringEnd = (open: number): number => {
    const end = text.indexOf("'", open + 1);
    const newline = text.indexOf("\n", open + 1);
    return end !== -1 && (newline === -1 || end < newline) ? end : -1;
  };

  const readSimpleKey = (): string | undefined => {
    const char = text[i];
    if (char === '"' || char === "'") {
      const end = char === '"' ? basicStringEnd(i) : literalStringEnd(i);
      if (end === -1) return undefined;
      const raw = text.slice(i, end + 1);
      i = end + 1;
      return char === '"' ? decodeBasicString(raw) : raw.slice(1, -1);
    }
    BARE_KEY.lastIndex = i;
    const match = BARE_KEY.exec(text);
    if (!match) return undefined;
    i = BARE_KEY.lastIndex;
    return match[0];
  };

  /** `a . "b c" . d` -> ["a", "b c", "d"]; undefined when no key starts here. */
  const readKey = (): string[] | undefined => {
    const keys: string[] = [];
    for (;;) {
      skipBlanks();
      const key = readSimpleKey();
      if (key === undefined) return undefined;
      keys.push(key);
      skipBlanks();
      if (text[i] !== ".") return keys;
      i++;
    }
  };

  /** Records a key/value's path and the implicit tables its dotted key creates below `tableDepth`. */
  const recordKey = (path: KeyPath, tableDepth: number, offset: number): void => {
    for (let depth = tableDepth + 1; depth <= path.length; depth++) record(path.slice(0, depth), offset);
  };

  const skipMultilineString = (quotes: string): void => {
    i += 3;
    for (; i < text.length; i++) {
      if (quotes === '"""' && text[i] === "\\") {
        i++;
        continue;
      }
      if (text.startsWith(quotes, i)) {
        i += 3;
        // Up to two quotes may directly precede the closing delimiter (`""""` ends with a quote in the content).
        for (let extra = 0; extra < 2 && text[i] === quotes[0]; extra++) i++;
        return;
      }
    }
  };

  /** The items of `[...]` or `{...}` after the opening bracket: blank lines, comments and commas between them. */
  const readItems = (close: "]" | "}", readItem: () => void): void => {
    i++;
    for (;;) {
      skipBlanksNewlinesAndComments();
      if (i >= text.length) return;
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] === ",") {
        i++;
        continue;
      }
      readItem();
    }
  };

  const readArray = (path: KeyPath): void => {
    let index = 0;
    readItems("]", () => {
      const start = i;
      record([...path, index], start);
      readValue([...path, index]);
      if (i === start) i++; // never loop on text the scanner does not follow
      index++;
    });
  };

  const readInlineTable = (path: KeyPath): void => {
    readItems("}", () => {
      const start = i;
      const keys = readKey();
      if (!keys) {
        i = start + 1;
        return;
      }
      skipBlanks();
      if (text[i] !== "=") return;
      i++;
      const keyPath = [...path, ...keys];
      recordKey(keyPath, path.length, start);
      readValue(keyPath);
    });
  };

  const readValue = (path: KeyPath): void => {
    skipBlanks();
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      skipMultilineString(text.slice(i, i + 3));
    } else if (text[i] === '"' || text[i] === "'") {
      const end = text[i] === '"' ? basicStringEnd(i) : literalStringEnd(i);
      if (end === -1) skipToEndOfLine();
      else i = end + 1;
    } else if (text[i] === "[") {
      readArray(path);
    } else if (text[i] === "{") {
      readInlineTable(path);
    } else {
      while (i < text.length && !SCALAR_END.has(text[i] ?? "")) i++;
    }
  };

  /** `[a.b]` / `[[a.b]]` -> the resolved path, with the index of the latest element of every array of tables. */
  const enterTable = (keys: string[], isArrayOfTables: boolean, offset: number): KeyPath => {
    const path: (string | number)[] = [];
    keys.forEach((key, n) => {
      path.push(key);
      const arrayKey = formatKeyPath(path);
      if (isArrayOfTables && n === keys.length - 1) {
        const index = (latestElement.get(arrayKey) ?? -1) + 1;
        latestElement.set(arrayKey, index);
        record(path, offset);
        path.push(index);
      } else {
        const latest = latestElement.get(arrayKey);
        if (latest !== undefined) path.push(latest);
      }
      record(path, offset);
    });
    return path;
  };

  let table: KeyPath = [];
  for (;;) {
    skipBlanksNewlinesAndComments();
    if (i >= text.length) break;
    const start = i;
    if (text[i] === "[") {
      const isArrayOfTables = text[i + 1] === "[";
      i += isArrayOfTables ? 2 : 1;
      const keys = readKey();
      if (keys) table = enterTable(keys, isArrayOfTables, start);
      skipToEndOfLine();
      continue;
    }
    const keys = readKey();
    skipBlanks();
    if (!keys || text[i] !== "=") {
      skipToEndOfLine();
      continue;
    }
    i++;
    const keyPath = [...table, ...keys];
    recordKey(keyPath, table.length, start);
    readValue(keyPath);
    skipToEndOfLine(); // a trailing comment
  }
  return locations;
}

/**
 * The position of `path`, else of its nearest enclosing key or table (a missing key -> its table's header, a missing
 * `[[models]]` element's key -> that element's header); 1:1 when nothing encloses it.
 */
export function positionOfKeyPath(locations: TomlKeyLocations, path: KeyPath): TomlPosition {
  for (let length = path.length; length > 0; length--) {
    const position = locations.get(formatKeyPath(path.slice(0, length)));
    if (position) return position;
  }
  return { line: 1, column: 1 };
}

function findLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function positionAt(lineStarts: readonly number[], offset: number): TomlPosition {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
}

/** TOML basic-string escapes are JSON's plus `\e` and `\xHH` (TOML 1.1); a key using those is located undecoded. */
function decodeBasicString(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}
