/**
 * A zod issue as a sentence about the user's file: the key path, the value found (secrets never shown; a value that
 * came from `${ENV}` shows what was written too) and what was expected —
 * `api_providers[0].timeout = 0 must be > 0`, `models[1].price_in = "3" is a string; expected a number`.
 */
import type { z } from "zod";
import type { ConfigIssue } from "./format-config-issue.ts";
import { formatKeyPath, type KeyPath, valueAtKeyPath } from "./key-path.ts";

/** Keys whose values are never echoed. */
const SECRET_KEYS = new Set(["api_key", "aws_secret_key", "session_token"]);
const MAX_SHOWN_LENGTH = 60;

export interface IssueContext {
  /** The document that was validated (references resolved). */
  document: unknown;
  /** `formatKeyPath` -> the string as written, for values that came from `${ENV}` references. */
  written: ReadonlyMap<string, string>;
}

export function describeSchemaIssue(issue: z.core.$ZodIssue, context: IssueContext): ConfigIssue {
  const path: KeyPath = issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
  const value = valueAtKeyPath(context.document, path);
  const subject = formatKeyPath(path) || "the file";
  const shown = `${subject}${showValue(path, value, context.written)}`;
  return { path, message: `${shown} ${describeProblem(issue, value, path)}` };
}

function describeProblem(issue: z.core.$ZodIssue, value: unknown, path: KeyPath): string {
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined) return `is missing; expected ${expectedNoun(issue.expected)}`;
      if (issue.expected === "int" && typeof value === "number") return "is not a whole number";
      // The classic slip: [models] where [[models]] was meant.
      if ((issue.expected === "array" || issue.expected === "tuple") && typeNoun(value) === "a table") {
        return `is a table; expected an array of tables (write [[${formatKeyPath(path)}]], with double brackets, for each entry)`;
      }
      return `is ${typeNoun(value)}; expected ${expectedNoun(issue.expected)}`;
    case "too_small":
      return describeBound(issue.origin, issue.inclusive ? ">=" : ">", issue.minimum);
    case "too_big":
      return describeBound(issue.origin, issue.inclusive ? "<=" : "<", issue.maximum);
    case "invalid_format":
      // Our regexes carry a noun phrase as their message ("an AWS region name such as us-east-1").
      if (issue.format === "regex") return `is not ${issue.message}`;
      if (issue.format === "url") return "is not a URL (expected https://...)";
      return `is not a valid ${issue.format}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${showLiteral(issue.values[0])}`
        : `must be one of ${issue.values.map(showLiteral).join(", ")}`;
    case "unrecognized_keys":
      return `has unknown keys ${issue.keys.join(", ")}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}`;
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
    case "custom":
      return `is invalid: ${issue.message}`;
    default: {
      const unreachable: never = issue;
      return `is invalid: ${(unreachable as { message: string }).message}`;
    }
  }
}

function describeBound(origin: string, operator: string, bound: number | bigint): string {
  const limit = Number(bound);
  if (origin === "string") return limit === 1 && operator === ">=" ? "must not be empty" : `must be ${operator} ${limit} characters long`;
  if (origin === "array" || origin === "set") return `must have ${operator} ${limit} entries`;
  return `must be ${operator} ${limit}`;
}

/** ` = "value"` for scalars, `` for tables, arrays, secrets and missing values. */
function showValue(path: KeyPath, value: unknown, written: ReadonlyMap<string, string>): string {
  const key = path.at(-1);
  if (typeof key === "string" && SECRET_KEYS.has(key)) return "";
  let shown: string;
  if (typeof value === "string") {
    shown = JSON.stringify(value.length > MAX_SHOWN_LENGTH ? `${value.slice(0, MAX_SHOWN_LENGTH)}…` : value);
  } else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    shown = String(value);
  } else {
    return "";
  }
  const asWritten = written.get(formatKeyPath(path));
  return asWritten === undefined ? ` = ${shown}` : ` = ${shown} (from ${JSON.stringify(asWritten)})`;
}

function showLiteral(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

const EXPECTED_NOUNS: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "an array",
  tuple: "an array",
  object: "a table",
  record: "a table",
  date: "a date",
};

function expectedNoun(expected: string): string {
  return EXPECTED_NOUNS[expected] ?? expected;
}

const TYPE_NOUNS: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  bigint: "a number",
  boolean: "a boolean",
  object: "a table",
};

function typeNoun(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date";
  if (value === null) return "null";
  return TYPE_NOUNS[typeof value] ?? typeof value;
}
