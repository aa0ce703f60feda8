/**
 * Discord's markup for mentions and timestamps, shown the way Discord's client shows it, so console output reads like
 * the chat: `<@id>` -> `@alice`, `<#id>` -> `#general`, `<@&id>` -> `@Admin`, `<t:unix:style>` -> the time in UTC
 * (every style, relative ones too, as an absolute time: the console is a log). Unknown ids stay as they are.
 */
export interface MarkupNames {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  role(id: string): string | undefined;
}

export function renderDiscordMarkup(text: string, names: MarkupNames): string {
  return text.replace(/<(@!?|@&|#)(\d+)>|<t:(-?\d+)(?::[tTdDfFR])?>/g, (markup, kind: string | undefined, id: string | undefined, unix: string | undefined) => {
    if (unix !== undefined) return `${new Date(Number(unix) * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
    const name = kind === "#" ? names.channel(id!) : kind === "@&" ? names.role(id!) : names.user(id!);
    return name === undefined ? markup : `${kind === "#" ? "#" : "@"}${name}`;
  });
}
