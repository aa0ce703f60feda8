/**
 * A citation of Bedrock's (`Citation` in a `citationsContent` block, or a streamed `CitationsDelta`) -> the few facts a
 * reader needs: which document, where in it, and the quoted text. Both SDK shapes carry the same members.
 */
import type { Citation, CitationLocation, CitationsDelta } from "@aws-sdk/client-bedrock-runtime";

type PassageUnit = "char" | "page" | "chunk";

/** One cited passage of a document the model was given. */
export interface CitedPassage {
  /** The document's name as the model was given it; `document N` (1-based) when Bedrock sent no title. */
  document: string;
  /** Where in the document: characters, pages or chunks `start`..`end` (Bedrock's numbers); a web address for web sources. */
  location?: { unit: PassageUnit; start?: number; end?: number } | { url: string };
  /** The cited text as Bedrock quotes it (may be empty). */
  quote: string;
}

export function toCitedPassage(citation: Citation | CitationsDelta): CitedPassage {
  const located = describeLocation(citation.location);
  const quote = (citation.sourceContent ?? []).map((part) => part.text ?? "").join("");
  const documentIndex = located?.documentIndex;
  const document = citation.title ?? citation.source ?? (documentIndex === undefined ? "document" : `document ${documentIndex + 1}`);
  return { document, ...(located?.location === undefined ? {} : { location: located.location }), quote };
}

function describeLocation(location: CitationLocation | undefined): { documentIndex?: number; location?: CitedPassage["location"] } | undefined {
  if (location === undefined) return undefined;
  const ranged = (unit: PassageUnit, range: { documentIndex?: number; start?: number; end?: number }) => ({
    ...(range.documentIndex === undefined ? {} : { documentIndex: range.documentIndex }),
    location: { unit, ...(range.start === undefined ? {} : { start: range.start }), ...(range.end === undefined ? {} : { end: range.end }) },
  });
  if (location.documentChar !== undefined) return ranged("char", location.documentChar);
  if (location.documentPage !== undefined) return ranged("page", location.documentPage);
  if (location.documentChunk !== undefined) return ranged("chunk", location.documentChunk);
  if (location.web?.url !== undefined) return { location: { url: location.web.url } };
  // Search-result locations and newer members: the document name and quote still say what was cited.
  return {};
}
