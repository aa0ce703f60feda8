/**
 * `bot.system_prompt` with its placeholders filled: `{date}` (`Friday, January 31, 2025`), `{time}` (`14:05`, 24 h),
 * both UTC from the injected clock, `{server}` and `{channel}` (names, not ids). Anything else in braces is left as
 * written, so a prompt may show JSON or code. One pass: a server named "{date}" stays "{date}".
 */

export interface SystemPromptContext {
  /** Epoch ms. */
  now: number;
  /** The guild's name; absent in DMs. */
  server?: string;
  /** The channel's (or thread's) name; absent in DMs. */
  channel?: string;
}

const PLACEHOLDER = /\{(date|time|server|channel)\}/g;
/** What `{server}` / `{channel}` say in a direct message. */
const DM_SERVER = "direct messages";
const DM_CHANNEL = "dm";

export function renderSystemPrompt(template: string, context: SystemPromptContext): string {
  const at = new Date(context.now);
  const values: Record<string, string> = {
    date: at.toLocaleDateString("en-US", { timeZone: "UTC", weekday: "long", year: "numeric", month: "long", day: "numeric" }),
    time: at.toLocaleTimeString("en-GB", { timeZone: "UTC", hour: "2-digit", minute: "2-digit" }),
    server: context.server ?? DM_SERVER,
    channel: context.channel ?? DM_CHANNEL,
  };
  return template.replace(PLACEHOLDER, (match, name: string) => values[name] ?? match);
}
