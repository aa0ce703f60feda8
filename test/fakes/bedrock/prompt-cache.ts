/**
 * The fake's prompt cache: checks cachePoint placement as Bedrock does, and keeps a real prefix cache, keyed by a
 * hash of the request content up to each checkpoint (tools, system, messages, in that order), with a TTL on the
 * fake's clock. A later call whose prefix matches a cached one reads those tokens; new checkpoints write theirs.
 *
 * Rules and where they come from:
 * - cachePoint on a model without prompt caching: 403 AccessDeniedException "You invoked an unsupported model or
 *   your request did not allow prompt caching." (quoted in public reports, e.g. BerriAI/litellm PR 39210).
 * - at most 4 checkpoints per request; tools checkpoints only for Claude; "1h" TTL only on the models the AWS page
 *   lists (AWS "Prompt caching for faster model inference"). Wording of these refusals is ours: no recording shows it.
 * - a message whose content is only cachePoint blocks is refused (nothing to cache; the issue this fake serves names
 *   it as a rule of the service). Wording is ours.
 * - "Cache point cannot be inserted after reasoning block. Please remove the invalid cache point and try again."
 *   (Bedrock's words for Claude, quoted in 0xPlaygrounds/rig issue 1673).
 * - a checkpoint whose prefix is under the model's minimum is accepted and caches nothing (AWS page).
 * - Bedrock checks for hits at block boundaries up to 20 blocks before a checkpoint (Anthropic's documented
 *   lookback), so a conversation that moved its checkpoint one turn on still reads the earlier prefix.
 */
import { createHash } from "node:crypto";
import type { AwsError } from "./errors.ts";
import type { ConverseRequestBody, WireBlock } from "./converse-wire.ts";
import { fakeCacheModel, type FakeCacheModel } from "./model-features.ts";
import { blockInputSize, inputTokens } from "./scripted-model.ts";

const MAX_CHECKPOINTS = 4;
const LOOKBACK_BLOCKS = 20;
const TTL_MS = { "5m": 5 * 60_000, "1h": 60 * 60_000 } as const;

/** The refusal for a request's cachePoints on this model, or undefined when they are acceptable. */
export function checkCachePoints(modelId: string, body: ConverseRequestBody): AwsError | undefined {
  const tools = (body.toolConfig?.tools ?? []).filter((tool) => "cachePoint" in tool);
  const system = (body.system ?? []).filter((block) => block.cachePoint !== undefined);
  const inMessages = body.messages.flatMap((message) => message.content.filter((block) => block.cachePoint !== undefined));
  const all = [...tools.map((tool) => tool.cachePoint as WireBlock["cachePoint"]), ...system.map((b) => b.cachePoint), ...inMessages.map((b) => b.cachePoint)];
  if (all.length === 0) return undefined;
  const model = fakeCacheModel(modelId);
  if (model === undefined) {
    return { status: 403, type: "AccessDeniedException", message: "You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information." };
  }
  const invalid = (message: string): AwsError => ({ status: 400, type: "ValidationException", message });
  if (all.length > MAX_CHECKPOINTS) return invalid(`A maximum of ${MAX_CHECKPOINTS} cache checkpoints may be provided per request. Found ${all.length}.`);
  if (tools.length > 0 && !model.tools) return invalid("This model does not support cache checkpoints in toolConfig.tools. Remove the cachePoint from the tools and try again.");
  if (!model.oneHour && all.some((point) => point?.ttl === "1h")) return invalid("The 1h cache TTL is not supported for this model. Use the default TTL and try again.");
  for (const [index, message] of body.messages.entries()) {
    if (message.content.every((block) => block.cachePoint !== undefined)) {
      return invalid(`The content at messages.${index} holds only cachePoint blocks. A cachePoint must follow content to cache; add content before it and try again.`);
    }
    const firstPoint = message.content.findIndex((block) => block.cachePoint !== undefined);
    if (firstPoint >= 0 && message.content.slice(0, firstPoint).some((block) => block.reasoningContent !== undefined)) {
      return invalid("Cache point cannot be inserted after reasoning block. Please remove the invalid cache point and try again.");
    }
  }
  return undefined;
}

/** A block boundary of the prompt: hash of everything before it, and the tokens that prefix counts for. */
interface Boundary {
  hash: string;
  tokens: number;
  /** The cachePoint that sits here, if any. */
  checkpoint?: { ttl: keyof typeof TTL_MS };
}

export interface CacheUse {
  read: number;
  write: number;
}

export class FakePromptCache {
  readonly #entries = new Map<string, number>(); // key -> expiresAt
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  clear(): void {
    this.#entries.clear();
  }

  /** Looks the request's prefixes up, stores its new checkpoints, and says how many input tokens each way. */
  account(modelId: string, body: ConverseRequestBody): CacheUse {
    const model = fakeCacheModel(modelId);
    const boundaries = promptBoundaries(modelId, body);
    const checkpoints = boundaries.flatMap((boundary, index) => (boundary.checkpoint === undefined ? [] : [index]));
    if (model === undefined || checkpoints.length === 0) return { read: 0, write: 0 };
    const now = this.#now();
    const live = (boundary: Boundary): boolean => (this.#entries.get(boundary.hash) ?? -Infinity) > now;
    const searchable = new Set(checkpoints.flatMap((at) => Array.from({ length: LOOKBACK_BLOCKS + 1 }, (_, back) => at - back)).filter((at) => at >= 0));
    const hit = [...searchable].sort((a, b) => b - a).find((at) => boundaries[at] !== undefined && live(boundaries[at]));
    const read = hit === undefined ? 0 : (boundaries[hit]?.tokens ?? 0);
    let written = read;
    for (const at of checkpoints) {
      const boundary = boundaries[at];
      if (boundary?.checkpoint === undefined || !caches(boundary, model)) continue;
      this.#entries.set(boundary.hash, now + TTL_MS[boundary.checkpoint.ttl]); // a hit refreshes the TTL too
      written = Math.max(written, boundary.tokens);
    }
    return { read, write: written - read };
  }
}

function caches(boundary: Boundary, model: FakeCacheModel): boolean {
  return boundary.tokens >= model.minTokens;
}

/** Every boundary between blocks, in Bedrock's reading order: tools, system, then each message's blocks. */
function promptBoundaries(modelId: string, body: ConverseRequestBody): Boundary[] {
  const hash = createHash("sha256").update(modelId);
  const size = { chars: 0, media: 0 };
  const boundaries: Boundary[] = [];
  const visit = (part: string, block: unknown, counted?: WireBlock): void => {
    const point = (block as WireBlock).cachePoint;
    if (point !== undefined) {
      boundaries.push({ hash: hash.copy().digest("hex"), tokens: inputTokens(size), checkpoint: { ttl: point.ttl === "1h" ? "1h" : "5m" } });
      return; // a cachePoint adds nothing to the prefix
    }
    hash.update(`${part}\n${JSON.stringify(block)}\n`);
    if (counted !== undefined) {
      const added = blockInputSize(counted);
      size.chars += added.chars;
      size.media += added.media;
    }
    boundaries.push({ hash: hash.copy().digest("hex"), tokens: inputTokens(size) });
  };
  // Tool definitions are part of the cached prefix, but the fake bills no tokens for them (see countUsage).
  for (const tool of body.toolConfig?.tools ?? []) visit("tool", tool);
  for (const block of body.system ?? []) visit("system", block, block);
  for (const message of body.messages) for (const block of message.content) visit(message.role, block, block);
  return boundaries;
}
