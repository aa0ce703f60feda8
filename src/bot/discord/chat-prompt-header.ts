/**
 * A `/chat` answer shows its prompt on its first line (`-# 💬 what is a monad?`): Discord shows "alice used /chat"
 * above an interaction reply, but not what she asked. Reading history, the edge turns that line back into alice's
 * message, so a reply to a `/chat` answer, or a thread started from one, keeps the question. The line is subtext,
 * so `stripChatDecorations` already keeps it out of the assistant's words.
 */
import { subtextLine } from "../render/chat-decorations.ts";

const SUBTEXT = "-# ";
const PROMPT_MARK = "💬 ";
/** Long prompts are shown (and remembered) cut here, so the header always fits the first 2000-character part. */
const MAX_SHOWN = 1500;

export function promptHeader(prompt: string): string {
  const shown = prompt.length <= MAX_SHOWN ? prompt : `${prompt.slice(0, MAX_SHOWN - 1).trimEnd()}…`;
  return subtextLine(PROMPT_MARK + shown);
}

/** The prompt of a message starting with `promptHeader`; `undefined` otherwise. */
export function readPromptHeader(content: string): string | undefined {
  const firstLine = content.split("\n", 1)[0] ?? "";
  return firstLine.startsWith(SUBTEXT + PROMPT_MARK) ? firstLine.slice(SUBTEXT.length + PROMPT_MARK.length).trim() : undefined;
}
