/**
 * Messages -> the same messages with every document block asking for citations (`citations: { enabled: true }`),
 * history included, so a follow-up question about an earlier file is answered with citations too.
 */
import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";

export function withDocumentCitations(messages: readonly Message[]): Message[] {
  return messages.map((message) => {
    if (!(message.content ?? []).some((block) => block.document !== undefined)) return message;
    return { ...message, content: (message.content ?? []).map(withCitations) };
  });
}

function withCitations(block: ContentBlock): ContentBlock {
  if (block.document === undefined) return block;
  return { document: { ...block.document, citations: { enabled: true } } };
}
