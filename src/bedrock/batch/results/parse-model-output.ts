/**
 * `modelOutput` of any batch-capable family -> text or vector. Output lines do not say which model wrote them, so the
 * family is recognised by shape; the dispatch is exhaustive, so a new family is a compile error until it is parsed.
 */
import { parseAi21Output } from "./parse-ai21-output.ts";
import { parseClaudeOutput } from "./parse-claude-output.ts";
import { parseClaudeTextOutput } from "./parse-claude-text-output.ts";
import { parseCohereOutput } from "./parse-cohere-output.ts";
import { parseConverseOutput } from "./parse-converse-output.ts";
import { parseLlamaOutput } from "./parse-llama-output.ts";
import { parseMistralOutput } from "./parse-mistral-output.ts";
import { parseTitanEmbeddingOutput } from "./parse-titan-embedding-output.ts";
import { parseTitanTextOutput } from "./parse-titan-text-output.ts";
import { describeKeys, isRecord } from "./read-json-fields.ts";
import type { ModelOutput, OutputFamily, UnrecognizedOutput } from "./result-types.ts";

/** The family whose response shape `body` has, or `undefined`. */
function detectOutputFamily(body: Record<string, unknown>): OutputFamily | undefined {
  if (isRecord(body.output) && "message" in body.output) return "converse";
  if (Array.isArray(body.content)) return "claude";
  if (Array.isArray(body.embedding) || isRecord(body.embeddingsByType)) return "titan-embedding";
  if (typeof body.generation === "string") return "llama";
  if (Array.isArray(body.outputs) || Array.isArray(body.choices)) return "mistral";
  if (Array.isArray(body.results)) return "titan-text";
  if (Array.isArray(body.generations) || (typeof body.text === "string" && ("response_id" in body || "finish_reason" in body))) return "cohere";
  if (Array.isArray(body.completions)) return "ai21";
  if (typeof body.completion === "string") return "claude-text";
  return undefined;
}

export function parseModelOutput(body: unknown): ModelOutput | UnrecognizedOutput {
  if (!isRecord(body)) return { unrecognized: "modelOutput is not an object" };
  const family = detectOutputFamily(body);
  if (family === undefined) {
    return {
      unrecognized: `modelOutput of no known model family (${describeKeys(body)}): the record was answered (and billed) but this bot cannot read the answer; the raw output is in the job's .jsonl.out file`,
    };
  }
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
    case "titan-text":
      return parseTitanTextOutput(body);
    case "cohere":
      return parseCohereOutput(body);
    case "ai21":
      return parseAi21Output(body);
    case "claude-text":
      return parseClaudeTextOutput(body);
    default: {
      const unknownFamily: never = family;
      throw new Error(`no parser for output family ${String(unknownFamily)}`);
    }
  }
}
