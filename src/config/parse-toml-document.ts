/** TOML text -> table, with syntax errors in the same `file:line:col message` form as every other config issue. */
import { parse, TomlError } from "smol-toml";
import { ConfigError } from "./config-error.ts";
import { formatConfigIssue } from "./format-config-issue.ts";

export function parseTomlDocument(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml's message is "Invalid TOML document: <what>\n\n<code excerpt>"; the position says where, so keep <what>.
    const what = error.message.replace(/^Invalid TOML document: /, "").split("\n")[0] ?? error.message;
    throw new ConfigError([formatConfigIssue(file, { line: error.line, column: error.column }, `TOML syntax error: ${what}`)]);
  }
}
