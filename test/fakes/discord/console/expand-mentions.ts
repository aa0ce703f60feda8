/**
 * `@bot` and `@<username>` in typed text -> Discord's `<@id>` mention syntax, as Discord's client does when you pick
 * a name from its list. Names it does not know stay text, like an e-mail address or a typo would in Discord.
 */
export function expandMentions(text: string, ids: { bot: string; user(name: string): string | undefined }): string {
  // A mention starts a word; usernames are letters, digits, _ and inner dots (a trailing dot ends the sentence).
  return text.replace(/(^|[\s(["'])@(\w+(?:\.\w+)*)/g, (match, before: string, name: string) => {
    const id = name.toLowerCase() === "bot" ? ids.bot : ids.user(name);
    return id === undefined ? match : `${before}<@${id}>`;
  });
}
