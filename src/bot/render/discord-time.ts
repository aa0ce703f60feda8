/**
 * Discord's timestamp markup: `<t:…:f>` shows a full date, `<t:…:R>` a relative time ("in 5 hours"), each in the
 * reader's own time zone and language — so a deadline reads right for every member of a server.
 */
export function discordTime(at: string | Date, style: "f" | "R" = "f"): string {
  const ms = typeof at === "string" ? Date.parse(at) : at.getTime();
  return `<t:${Math.floor(ms / 1000)}:${style}>`;
}
