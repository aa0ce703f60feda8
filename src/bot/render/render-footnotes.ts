/**
 * Cited passages -> numbered footnote lines under an answer: `-# [1] report.pdf · pp. 2–3 · “The quick brown…”`.
 * Subtext lines, so the conversation builder strips them when the answer comes back as history. Quotes are cut and
 * the list is capped, so the footnotes of a long answer take a few hundred characters, never a whole message.
 */
import type { CitedPassage } from "../../bedrock/citations/cited-passage.ts";
import { subtextLine } from "./chat-decorations.ts";

/** Characters of a quote shown; the whole passage is in the document. */
const MAX_QUOTE = 90;
const MAX_DOCUMENT_NAME = 60;
/** Footnotes shown; more are summarised ("+3 more cited passages"). */
const MAX_FOOTNOTES = 8;

export function renderFootnotes(citations: readonly CitedPassage[]): string[] {
  const lines = citations.slice(0, MAX_FOOTNOTES).map((passage, index) => subtextLine(`[${index + 1}] ${describePassage(passage)}`));
  const hidden = citations.length - MAX_FOOTNOTES;
  if (hidden > 0) lines.push(subtextLine(`+${hidden} more cited passage${hidden === 1 ? "" : "s"}`));
  return lines;
}

function describePassage(passage: CitedPassage): string {
  const parts = [shorten(passage.document, MAX_DOCUMENT_NAME)];
  const where = describeLocation(passage.location);
  if (where !== undefined) parts.push(where);
  const quote = passage.quote.replace(/\s+/g, " ").trim();
  // Markdown in a quote would render (or break the line); backticks and the like are shown as typed.
  if (quote !== "") parts.push(`“${escapeMarkdown(shorten(quote, MAX_QUOTE))}”`);
  return parts.join(" · ");
}

/** Bedrock's numbers as it gives them: `chars 120–180`, `p. 2`, `pp. 2–3`, `chunk 4`. */
export function describeLocation(location: CitedPassage["location"]): string | undefined {
  if (location === undefined) return undefined;
  if ("url" in location) return `<${location.url}>`;
  const { unit, start, end } = location;
  if (start === undefined) return undefined;
  const single = end === undefined || end <= start;
  switch (unit) {
    case "char":
      return single ? `char ${start}` : `chars ${start}–${end}`;
    case "page":
      return single ? `p. ${start}` : `pp. ${start}–${end}`;
    case "chunk":
      return single ? `chunk ${start}` : `chunks ${start}–${end}`;
    default: {
      const unknown: never = unit;
      throw new Error(`unknown passage unit ${String(unknown)}`);
    }
  }
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_~|>[\]])/g, "\\$1");
}
