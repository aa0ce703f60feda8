/**
 * Key paths (`models[2].api_provider`): how messages name a setting, how the key locator indexes positions, and how a
 * value is looked up. One module serves all three, so a zod issue path always finds the position the scanner recorded.
 */

/** A path into the parsed TOML document: table keys and array indices, as zod reports them. */
export type KeyPath = readonly (string | number)[];

/** TOML bare keys; anything else is written quoted, as it would have to be in the file. */
const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** `["models", 2, "api_provider"]` -> `models[2].api_provider`; `["a", "b.c"]` -> `a."b.c"`. */
export function formatKeyPath(path: KeyPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") {
      text += `[${segment}]`;
      continue;
    }
    const key = BARE_KEY.test(segment) ? segment : JSON.stringify(segment);
    text += text === "" ? key : `.${key}`;
  }
  return text;
}

/** The value at `path` in a parsed document, or undefined when any step is missing or not a table/array. */
export function valueAtKeyPath(document: unknown, path: KeyPath): unknown {
  let value = document;
  for (const segment of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}
