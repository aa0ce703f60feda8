/**
 * Rough input-token estimates for cost planning before a job runs (the job's manifest has the real counts): text at
 * 4 characters per token, media at flat rates. Planning figures, not billing.
 */
import type { ContentBlock } from "@aws-sdk/client-bedrock-runtime";

export const TOKEN_ESTIMATES = {
  charsPerToken: 4,
  /** Claude bills about width x height / 750 tokens and scales images to ~1.15 megapixels: ~1,600 at most. */
  image: 1_600,
  /** A few pages of a PDF or office file. */
  document: 2_000,
  /** A short clip at Nova's sampling rate. */
  video: 10_000,
} as const;

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / TOKEN_ESTIMATES.charsPerToken);
}

/** Text documents (csv, html, md, txt) count by size; binary ones at the flat rate. */
function documentTokens(block: ContentBlock.DocumentMember["document"]): number {
  const bytes = block.source?.bytes;
  const textual = block.format === "csv" || block.format === "html" || block.format === "md" || block.format === "txt";
  return textual && bytes !== undefined ? Math.ceil(bytes.length / TOKEN_ESTIMATES.charsPerToken) : TOKEN_ESTIMATES.document;
}

/** Estimate for one content block (message content or a tool result's): text by length, media at flat rates. */
export function estimateBlockTokens(block: ContentBlock): number {
  if (block.text !== undefined) return estimateTextTokens(block.text);
  if (block.image !== undefined) return TOKEN_ESTIMATES.image;
  if (block.document !== undefined) return documentTokens(block.document);
  if (block.video !== undefined) return TOKEN_ESTIMATES.video;
  if (block.toolUse !== undefined) return estimateTextTokens(JSON.stringify(block.toolUse.input ?? null));
  if (block.toolResult !== undefined) {
    return (block.toolResult.content ?? []).reduce((sum, item) => sum + (item.json === undefined ? estimateBlockTokens(item as ContentBlock) : estimateTextTokens(JSON.stringify(item.json))), 0);
  }
  if (block.reasoningContent?.reasoningText?.text !== undefined) return estimateTextTokens(block.reasoningContent.reasoningText.text);
  return 0;
}

/** Estimate for one Converse request's content plus its system prompt. */
export function estimateContentTokens(content: readonly ContentBlock[], system = ""): number {
  return content.reduce((tokens, block) => tokens + estimateBlockTokens(block), estimateTextTokens(system));
}
