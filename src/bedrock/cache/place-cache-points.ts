/**
 * Where a Converse request gets its `cachePoint` blocks. Bedrock caches the prompt prefix up to each checkpoint, in
 * the order it reads the request: tools, then system, then messages. Checkpoints go where the prefix is stable from
 * one call to the next: after the tools, after the system prompt, and after the previous turn of the conversation
 * (the newest user message changes every call, so caching it would only pay the write premium).
 *
 * Rules kept (AWS "Prompt caching for faster model inference"): at most `maxCheckpoints`; a checkpoint needs
 * `minTokensPerCheckpoint` tokens since the previous one or Bedrock caches nothing there (so we do not place it);
 * tools get one only on models that cache tools (Claude). Bedrock also refuses "Cache point cannot be inserted after
 * reasoning block" (seen in public reports against Claude on Bedrock), so a turn holding reasoning is skipped.
 * Tokens are estimated (4 characters per token, media at flat rates), which is what a plan can know before the call.
 */
import type { ContentBlock, Message, SystemContentBlock, Tool, ToolConfiguration } from "@aws-sdk/client-bedrock-runtime";
import { estimateBlockTokens, estimateTextTokens } from "../batch/records/estimate-input-tokens.ts";
import type { PromptCacheSupport } from "./prompt-cache-support.ts";

export interface CacheablePrompt {
  system?: SystemContentBlock[];
  messages: Message[];
  toolConfig?: ToolConfiguration;
}

export interface CachePlacement {
  support: PromptCacheSupport;
  /** "1h" adds `ttl` to each checkpoint (only where the model allows it). */
  ttl?: "1h";
}

export interface PlacedPrompt extends CacheablePrompt {
  /** Where checkpoints went, in order, e.g. ["tools", "system", "messages[3]"]. */
  checkpoints: string[];
}

export function placeCachePoints(prompt: CacheablePrompt, { support, ttl }: CachePlacement): PlacedPrompt {
  const cachePoint = { type: "default" as const, ...(ttl === undefined ? {} : { ttl }) };
  const checkpoints: string[] = [];
  let sinceLast = 0;
  const room = (): boolean => checkpoints.length < support.maxCheckpoints;
  const pays = (): boolean => room() && sinceLast >= support.minTokensPerCheckpoint;

  let toolConfig = prompt.toolConfig;
  const tools = toolConfig?.tools ?? [];
  sinceLast += tools.reduce((sum, tool) => sum + toolTokens(tool), 0);
  if (toolConfig !== undefined && tools.length > 0 && support.toolsCheckpoint && pays()) {
    toolConfig = { ...toolConfig, tools: [...tools, { cachePoint }] };
    checkpoints.push("tools");
    sinceLast = 0;
  }

  let system = prompt.system;
  sinceLast += (system ?? []).reduce((sum, block) => sum + (block.text === undefined ? 0 : estimateTextTokens(block.text)), 0);
  if (system !== undefined && system.length > 0 && pays()) {
    system = [...system, { cachePoint }];
    checkpoints.push("system");
    sinceLast = 0;
  }

  const messages = [...prompt.messages];
  const stableEnd = stableHistoryEnd(messages, sinceLast, support.minTokensPerCheckpoint);
  const stable = stableEnd === undefined ? undefined : messages[stableEnd];
  if (stableEnd !== undefined && stable !== undefined && room()) {
    messages[stableEnd] = { ...stable, content: [...(stable.content ?? []), { cachePoint }] };
    checkpoints.push(`messages[${stableEnd}]`);
  }

  return {
    messages,
    ...(system === undefined ? {} : { system }),
    ...(toolConfig === undefined ? {} : { toolConfig }),
    checkpoints,
  };
}

/**
 * The index of the last message before the newest one that can close a cached prefix: no reasoning in it, and at
 * least `minTokens` since the previous checkpoint (`carried` tokens of tools/system not yet cached count too).
 */
function stableHistoryEnd(messages: readonly Message[], carried: number, minTokens: number): number | undefined {
  const tokens = messages.map((message) => (message.content ?? []).reduce((sum, block) => sum + estimateBlockTokens(block), 0));
  let prefix = carried + tokens.slice(0, -1).reduce((sum, count) => sum + count, 0);
  for (let index = messages.length - 2; index >= 0; index--) {
    if (prefix < minTokens) return undefined; // walking back only shrinks the prefix
    if (!hasReasoning(messages[index]?.content ?? [])) return index;
    prefix -= tokens[index] ?? 0;
  }
  return undefined;
}

function hasReasoning(content: readonly ContentBlock[]): boolean {
  return content.some((block) => block.reasoningContent !== undefined);
}

function toolTokens(tool: Tool): number {
  return tool.toolSpec === undefined ? 0 : estimateTextTokens(JSON.stringify(tool.toolSpec));
}
