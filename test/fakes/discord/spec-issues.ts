import type { BodyIssue } from "./discord-error.ts";
import { specSchemas, type SpecSchemaName } from "./spec-schemas.ts";

/** Checks `value` against one of Discord's official schemas; returns the problems in Discord's error vocabulary. */
export function specIssues(schemaName: SpecSchemaName, value: unknown): BodyIssue[] {
  const result = specSchemas[schemaName].safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    code: discordCodeFor(issue.code),
    message: `${issue.message} (${schemaName})`,
  }));
}

function discordCodeFor(zodCode: string): string {
  switch (zodCode) {
    case "too_big":
      return "BASE_TYPE_MAX_LENGTH";
    case "too_small":
      return "BASE_TYPE_MIN_LENGTH";
    case "invalid_type":
      return "BASE_TYPE_BAD_TYPE";
    case "invalid_value":
      return "BASE_TYPE_CHOICES";
    default:
      return "BASE_TYPE_INVALID";
  }
}
