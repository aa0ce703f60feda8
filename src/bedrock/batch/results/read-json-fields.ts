/**
 * Small readers for loosely typed JSON from the wire: a field either has the expected type or counts as absent, so a
 * parser never throws on a surprising body and says what it saw instead.
 */
import type { TokenUsage } from "./result-types.ts";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A token count: a finite number >= 0. */
function tokenCountOrUndefined(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Prompt-cache counts as the output names them; each kept only when it is a valid count. */
export interface CacheCounts {
  read?: unknown;
  write?: unknown;
}

/** Usage from an input and an output count; absent when neither is there, a missing side counts 0. */
export function usageOf(inputTokens: unknown, outputTokens: unknown, cache: CacheCounts = {}): TokenUsage | undefined {
  const input = tokenCountOrUndefined(inputTokens);
  const output = tokenCountOrUndefined(outputTokens);
  if (input === undefined && output === undefined) return undefined;
  const cacheRead = tokenCountOrUndefined(cache.read);
  const cacheWrite = tokenCountOrUndefined(cache.write);
  return {
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    ...(cacheRead === undefined ? {} : { cacheReadInputTokens: cacheRead }),
    ...(cacheWrite === undefined ? {} : { cacheWriteInputTokens: cacheWrite }),
  };
}

/** The length of an array of tokens (AI21 reports tokens, not counts); `undefined` when it is not an array. */
export function countOf(tokens: unknown): number | undefined {
  return Array.isArray(tokens) ? tokens.length : undefined;
}

/** `a, b, c` — the keys of a body, for "unrecognised" messages. */
export function describeKeys(value: Record<string, unknown>): string {
  const keys = Object.keys(value);
  return keys.length === 0 ? "no keys" : `keys ${keys.slice(0, 8).join(", ")}${keys.length > 8 ? ", ..." : ""}`;
}

/** The joined text, or `undefined` when it is empty (an optional field left out rather than ""). */
export function nonEmpty(text: string): string | undefined {
  return text === "" ? undefined : text;
}

/** Text of the blocks that carry text, joined; other blocks (reasoning, tool use, images) are skipped. */
export function joinTextBlocks(blocks: unknown[], textOf: (block: Record<string, unknown>) => unknown): string {
  let text = "";
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const part = textOf(block);
    if (typeof part === "string") text += part;
  }
  return text;
}
