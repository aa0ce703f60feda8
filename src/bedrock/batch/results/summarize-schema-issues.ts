/** A zod error as one line (`row: Too small: expected number to be >0; prompt: ...`), for file:line messages. */
import type { z } from "zod";

export function summarizeSchemaIssues(error: z.ZodError, rootName: string): string {
  return error.issues.map((issue) => `${issue.path.join(".") || rootName}: ${issue.message}`).join("; ");
}
