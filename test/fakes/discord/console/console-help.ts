/** What `.help` prints: the line forms, then the console commands from their one table (DOT_COMMANDS). */
import { DOT_COMMANDS } from "./parse-console-line.ts";

const LINE_FORMS: [string, string][] = [
  ["hello there", "post a message as you (no mention: the bot answers in DMs and its threads)"],
  ["@bot hello", "mention the bot (@alice, @bob mention people)"],
  ["/chat prompt:hi private:true", "run a slash command: subcommand words, then option:value (quote values with spaces)"],
  ["/batch submit file1:q.csv prompt:\"...\"", "file options take a local path; the file is uploaded to the fake CDN"],
];

export function consoleHelp(): string {
  const rows = [...LINE_FORMS, ...Object.values(DOT_COMMANDS).map(({ usage, summary }): [string, string] => [usage, summary])];
  const width = Math.max(...rows.map(([form]) => form.length));
  return rows.map(([form, summary]) => `  ${form.padEnd(width)}  ${summary}`).join("\n");
}
