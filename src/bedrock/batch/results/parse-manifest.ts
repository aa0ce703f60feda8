/**
 * `manifest.json.out`: the only place Bedrock reports a job's token counts (GetModelInvocationJob has record counts
 * but no tokens), so cost comes from here when it exists.
 */
import { z } from "zod";
import type { BatchManifest } from "./result-types.ts";
import { summarizeSchemaIssues } from "./summarize-schema-issues.ts";
import { errorMessage } from "../../../format/error-message.ts";

const count = z.number().int().min(0);

const manifestSchema = z.object({
  totalRecordCount: count,
  processedRecordCount: count,
  successRecordCount: count,
  errorRecordCount: count,
  inputTokenCount: count,
  outputTokenCount: count,
}) satisfies z.ZodType<BatchManifest>;

/** The manifest, or a sentence saying what is wrong with it. Extra keys Bedrock may add are ignored. */
export function parseManifest(text: string): { manifest: BatchManifest } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `manifest.json.out is not JSON (${errorMessage(error)})` };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    return { problem: `manifest.json.out has an unexpected shape (${summarizeSchemaIssues(parsed.error, "(root)")})` };
  }
  return { manifest: parsed.data };
}
