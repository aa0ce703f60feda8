/**
 * Which code fence, if any, is still open at the end of a text. Discord (like simple-markdown) opens and closes a
 * code block at every ``` — also mid-line, as in "run ```ls``` here" — and reads a language right after the opening
 * ``` when a newline (or, while streaming, the end of the text) follows it.
 */

export const FENCE = "```";

/** An unclosed fence: where its ``` starts and the language it declared ("" when none). */
export interface OpenFence {
  index: number;
  language: string;
}

/** Sticky: matched at `lastIndex`, right after an opening ```. */
const LANGUAGE = /[a-z0-9_+\-.#]+(?=\n|$)/iy;

export function findOpenFence(text: string): OpenFence | undefined {
  let open: OpenFence | undefined;
  for (let index = text.indexOf(FENCE); index !== -1; index = text.indexOf(FENCE, index + FENCE.length)) {
    open = open === undefined ? { index, language: languageAt(text, index + FENCE.length) } : undefined;
  }
  return open;
}

function languageAt(text: string, position: number): string {
  LANGUAGE.lastIndex = position;
  return LANGUAGE.exec(text)?.[0] ?? "";
}
