/**
 * The lines the renderer adds around an answer (status, tools, warnings, usage, failure), in one place: the renderer
 * writes them, and the conversation builder strips them again when the bot's own message comes back as history,
 * so the model never reads its footers as something it said.
 *
 * Decorations are Discord subtext (`-# `, small grey text), except the failure line, which must stand out.
 */

/** Discord markdown: a line starting with "-# " renders as small grey subtext. */
const SUBTEXT = "-# ";
/** Prefixes of the failure line (`renderFailure`). */
export const FAILURE_MARK = "❌ ";
export const STOPPED_MARK = "⏹️ ";

/** `text` as one subtext line (line breaks would end the subtext, so they become spaces). */
export function subtextLine(text: string): string {
  return SUBTEXT + text.replace(/\s*\n\s*/g, " ");
}

/** A bot message's content without the renderer's decoration lines: what the model actually said. */
export function stripChatDecorations(content: string): string {
  return content
    .split("\n")
    .filter((line) => !line.startsWith(SUBTEXT) && !line.startsWith(FAILURE_MARK) && !line.startsWith(STOPPED_MARK))
    .join("\n")
    .trim();
}
