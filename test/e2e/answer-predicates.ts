/**
 * How the e2e tests recognise the bot's answers in the fake Discord's state, in one place so a change of the
 * renderer's decorations (src/bot/render/) changes one line here, not every test file.
 */

/** The answer is over: the usage footer (`… out · $…`) or a failure line is shown. */
export function answerFinished(message: { content: string }): boolean {
  return message.content.includes(" out · ") || message.content.includes("❌");
}

/** Also over when it was stopped (the Stop button, or the plugin shutting down). */
export function answerFinishedOrStopped(message: { content: string }): boolean {
  return answerFinished(message) || message.content.includes("⏹️");
}

/** The message replies to message `id`. */
export function repliesTo(id: string): (message: { messageReference: { message_id?: string } | null }) => boolean {
  return (message) => message.messageReference?.message_id === id;
}
