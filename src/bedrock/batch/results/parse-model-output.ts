/**
 * `modelOutput` of any batch-capable family -> text or vector. Output lines do not say which model wrote them, so the
 * family is recognised by shape; the dispatch is exhaustive, so a new family is a compile error until it is parsed.
 */
import { parseClaudeOutput } from "./parse-claude-output.ts";
import { parseConverseOutput } from "./parse-converse-output.ts";
import { parseLlamaOutput } from "./parse-llama-output.ts";
import { parseMistralOutput } from "./parse-mistral-output.ts";
import { parseTitanEmbeddingOutput } from "./parse-titan-embedding-output.ts";
import { describeKeys, isRecord } from "./read-json-fields.ts";
import type { ModelOutput, OutputFamily, UnrecognizedOutput } from "./result-types.ts";

/** The family whose response shape `body` has, or `undefined`. */
function detectOutputFamily(body: Record<string, unknown>): OutputFamily | undefined {
  if (isRecord(body.output) && "message" in body.output) return "converse";
  if (Array.isArray(body.content)) return "claude";
  if (Array.isArray(body.embedding) || isRecord(body.embeddingsByType)) return "titan-embedding";
  if (typeof body.generation === "string") return "llama";
  if (Array.isArray(body.outputs) || Array.isArray(body.choices)) return "mistral";
  return undefined;
}

export function parseModelOutput(body: unknown): ModelOutput | UnrecognizedOutput {
  if (!isRecord(body)) return { unrecognized: "modelOutput is not an object" };
  const family = detectOutputFamily(body);
  if (family === undefined) return { unrecognized: `modelOutput of no known model family (${describeKeys(body)})` };
  switch (family) {
    case "converse":
      return parseConverseOutput(body);
    case "claude":
      return parseClaudeOutput(body);
    case "titan-embedding":
      return parseTitanEmbeddingOutput(body);
    case "llama":
      return parseLlamaOutput(body);
    case "mistral":
      return parseMistralOutput(body);
    default: {
      const unknownFamily: never = family;
      throw new Error(`no parser for output family ${String(unknownFamily)}`);
    }
  }
}
