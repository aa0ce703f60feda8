/**
 * The Bedrock name of an MCP tool: `<server>_<tool>` when that is already a valid Converse tool name
 * (`[a-zA-Z0-9_-]{1,64}`). Otherwise characters outside the set become `_`, the name is cut to fit, and a short hash
 * of the full original name is appended, so the result is deterministic (the same tool gets the same name on every
 * start) and two tools that differ only in the characters replaced or cut still get different names. Pure.
 */
import { createHash } from "node:crypto";

/** Converse: tool names are `[a-zA-Z0-9_-]{1,64}`. */
const MAX_TOOL_NAME = 64;
const VALID_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const INVALID_CHARACTERS = /[^a-zA-Z0-9_-]/g;
/** 8 hex digits: 32 bits tell apart the handful of tools one server offers. */
const HASH_LENGTH = 8;

export function mcpToolName(server: string, tool: string): string {
  const joined = `${server}_${tool}`;
  if (VALID_NAME.test(joined)) return joined;
  const hash = createHash("sha256").update(joined).digest("hex").slice(0, HASH_LENGTH);
  const readable = joined.replace(INVALID_CHARACTERS, "_").slice(0, MAX_TOOL_NAME - HASH_LENGTH - 1);
  return `${readable}_${hash}`;
}
