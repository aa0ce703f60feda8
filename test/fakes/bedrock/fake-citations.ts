/**
 * Citations, as the fake models them: documents sent with `citations: { enabled: true }` are refused on models that
 * do not support citations (a ValidationException, as the service answers), and otherwise the answer cites the first
 * sentence of each document in a `citationsContent` block: character ranges for text formats, page 1 for PDFs (the
 * fake reads no PDF), each citation titled with the document's name.
 */
import type { ConverseRequestBody, ReplyBlock, WireBlock } from "./converse-wire.ts";

/** Claude models with Converse citations (Claude 3.5 Sonnet v2, 3.5 Haiku, 3.7 Sonnet, the Claude 4 family). */
const CITATION_MODELS = /anthropic\.claude-(3-5-sonnet-20241022|3-5-haiku|3-7-sonnet|sonnet-4|opus-4|haiku-4)/;
const TEXT_FORMATS = new Set(["txt", "md", "csv", "html"]);
const MAX_QUOTE = 120;

export function citationsRequested(body: ConverseRequestBody): boolean {
  return body.messages.some((message) => message.content.some((block) => block.document?.citations?.enabled === true));
}

export function supportsCitations(modelId: string): boolean {
  return CITATION_MODELS.test(modelId);
}

export function citationsUnsupportedMessage(modelId: string): string {
  return `The model ${modelId} does not support citations. Remove citations from the document blocks and try again.`;
}

/** An answer citing each document of the last user message (in order of the documents). */
export function citingReply(body: ConverseRequestBody): ReplyBlock[] {
  const lastUser = body.messages.findLast((message) => message.role === "user");
  const documents = (lastUser?.content ?? []).flatMap((block) => (block.document === undefined ? [] : [block.document]));
  const blocks: ReplyBlock[] = [{ text: "From the documents: " }];
  documents.forEach((document, documentIndex) => {
    const { quote, location } = firstPassage(document, documentIndex);
    blocks.push({
      citationsContent: {
        content: [{ text: quote === "" ? `${document.name} is cited.` : quote }],
        citations: [{ title: document.name, sourceContent: [{ text: quote }], location }],
      },
    });
  });
  return blocks;
}

function firstPassage(document: NonNullable<WireBlock["document"]>, documentIndex: number): { quote: string; location: Record<string, unknown> } {
  const text = TEXT_FORMATS.has(document.format ?? "") ? documentText(document.source) : undefined;
  if (text === undefined) return { quote: "", location: { documentPage: { documentIndex, start: 1, end: 1 } } };
  const sentence = /^[\s\S]*?[.!?](\s|$)/.exec(text)?.[0] ?? text;
  const quote = sentence.slice(0, MAX_QUOTE).trim();
  const start = text.indexOf(quote);
  return { quote, location: { documentChar: { documentIndex, start, end: start + quote.length } } };
}

function documentText(source: { bytes?: string; text?: string }): string | undefined {
  if (source.text !== undefined) return source.text;
  return source.bytes === undefined ? undefined : Buffer.from(source.bytes, "base64").toString("utf8");
}
