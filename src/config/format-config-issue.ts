/**
 * Every config message has one shape, `file:line:col message`, the format editors and terminals turn into a link —
 * for TOML syntax errors, validation errors and warnings alike.
 */
import type { KeyPath } from "./key-path.ts";
import { positionOfKeyPath, type TomlKeyLocations, type TomlPosition } from "./locate-toml-keys.ts";

/** A problem found at a key path; `message` already names the path (`models[2].api_provider = "x" is ...`). */
export interface ConfigIssue {
  path: KeyPath;
  message: string;
}

export function formatConfigIssue(file: string, position: TomlPosition, message: string): string {
  return `${file}:${position.line}:${position.column} ${message}`;
}

/** Issues located in the text and formatted, in the order they appear in the file. */
export function formatConfigIssues(file: string, locations: TomlKeyLocations, issues: readonly ConfigIssue[]): string[] {
  return issues
    .map((issue) => ({ position: positionOfKeyPath(locations, issue.path), message: issue.message }))
    .sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column)
    .map(({ position, message }) => formatConfigIssue(file, position, message));
}
