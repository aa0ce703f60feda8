/**
 * One line typed into the fake Discord's console -> what the person wants done. Pure: names stay names here (users,
 * channels, labels, file paths); the session resolves them against the fake's world.
 *
 *   hello @bot            a message, posted as typed (`@bot`, `@alice` become mentions)
 *   /batch submit a:b     a slash command: words name the subcommand (group), then `option:value` pairs
 *   .click Confirm        a console command (see DOT_COMMANDS; `.help` lists them)
 */
import { tokenizeWords } from "./tokenize-words.ts";

/** An `option:value` pair of a slash command, both as typed. */
export interface SlashOption {
  name: string;
  value: string;
}

export type ConsoleCommand =
  | { kind: "say"; text: string }
  | { kind: "reply"; text: string; messageId?: string }
  | { kind: "slash"; name: string; words: string[]; options: SlashOption[] }
  | { kind: "click"; label: string; messageId?: string }
  | { kind: "app"; name: string; messageId?: string }
  | { kind: "attach"; paths: string[] }
  | { kind: "as"; username: string }
  | { kind: "in"; place: string }
  | { kind: "thread"; name: string }
  | { kind: "help" }
  | { kind: "nothing" }
  | { kind: "invalid"; reason: string };

/** Discord ids are snowflakes of 17-20 digits; a word like that before free text names a message. */
const MESSAGE_ID = /^\d{17,20}$/;
const OPTION = /^([\w-]+):(.*)$/s;

type DotParser = (rest: string) => ConsoleCommand;

/** The console's own commands: usage, what they do (for `.help`), and how the rest of the line is read. */
export const DOT_COMMANDS: Record<string, { usage: string; summary: string; parse: DotParser }> = {
  say: { usage: ".say <text>", summary: "post text as it is (for text starting with / or .)", parse: (rest) => ({ kind: "say", text: rest }) },
  reply: {
    usage: ".reply [<message id>] <text>",
    summary: "reply to the bot's latest message here, or to the given message",
    parse: (rest) => ({ kind: "reply", ...messageIdThen(rest, "text") }),
  },
  click: {
    usage: ".click [<message id>] <label>",
    summary: "press the button with that label on the latest message here that has one",
    parse: (rest) => ({ kind: "click", ...messageIdThen(rest, "label") }),
  },
  app: {
    usage: ".app [<message id>] <menu name>",
    summary: 'run a message menu command (e.g. "Add to batch") on your latest message here, or the given one',
    parse: (rest) => ({ kind: "app", ...messageIdThen(rest, "name") }),
  },
  attach: { usage: ".attach <file> [<file>...]", summary: "attach local files to your next message", parse: (rest) => ({ kind: "attach", paths: tokenizeWords(rest) }) },
  as: { usage: ".as <username>", summary: "act as another user (alice, bob)", parse: (rest) => ({ kind: "as", username: oneName(rest).replace(/^@/, "") }) },
  in: { usage: ".in <#channel | thread name | dm>", summary: "where your messages and commands go from now on", parse: (rest) => ({ kind: "in", place: oneName(rest) }) },
  thread: { usage: ".thread <name>", summary: "start a thread in this channel and go into it", parse: (rest) => ({ kind: "thread", name: oneName(rest) }) },
  help: { usage: ".help", summary: "this list", parse: () => ({ kind: "help" }) },
};

export function parseConsoleLine(line: string): ConsoleCommand {
  const text = line.trim();
  if (text === "") return { kind: "nothing" };
  try {
    if (text.startsWith("/")) return parseSlash(text.slice(1));
    // A dot and a letter: a console command. Anything else starting with a dot ("...") is a message.
    const dot = /^\.([a-z]+)\b\s*(.*)$/is.exec(text);
    if (dot === null) return { kind: "say", text };
    const name = dot[1]!.toLowerCase();
    const command = DOT_COMMANDS[name];
    if (command === undefined) return { kind: "invalid", reason: `there is no console command .${name} (.help lists them)` };
    const parsed = command.parse(dot[2]!.trim());
    return isIncomplete(parsed) ? { kind: "invalid", reason: `usage: ${command.usage}` } : parsed;
  } catch (error) {
    return { kind: "invalid", reason: (error as Error).message };
  }
}

function parseSlash(rest: string): ConsoleCommand {
  const [name, ...tail] = tokenizeWords(rest);
  if (name === undefined || name === "") return { kind: "invalid", reason: "a slash command needs a name: /chat prompt:hello" };
  const words: string[] = [];
  const options: SlashOption[] = [];
  for (const word of tail) {
    const option = OPTION.exec(word);
    if (option !== null) {
      options.push({ name: option[1]!, value: option[2]! });
    } else if (options.length === 0) {
      words.push(word);
    } else {
      return { kind: "invalid", reason: `expected option:value after /${name}'s options, got "${word}"` };
    }
  }
  return { kind: "slash", name, words, options };
}

/** `[<message id>] <text>` -> the id if given, and the rest under `field`. */
function messageIdThen<K extends string>(rest: string, field: K): { messageId?: string } & Record<K, string> {
  const first = rest.split(/\s+/)[0];
  const hasId = first !== undefined && MESSAGE_ID.test(first);
  const text = hasId ? rest.slice(first.length).trim() : rest;
  return { ...(hasId ? { messageId: first } : {}), [field]: text } as { messageId?: string } & Record<K, string>;
}

/** A name that may hold spaces, optionally quoted: `.in "long thread name"` and `.in long thread name` are the same. */
function oneName(rest: string): string {
  return tokenizeWords(rest).join(" ");
}

/** A command whose required text came out empty. */
function isIncomplete(command: ConsoleCommand): boolean {
  switch (command.kind) {
    case "say":
    case "reply":
      return command.text === "";
    case "click":
      return command.label === "";
    case "app":
    case "thread":
      return command.name === "";
    case "attach":
      return command.paths.length === 0;
    case "as":
      return command.username === "";
    case "in":
      return command.place === "";
    case "slash":
    case "help":
    case "nothing":
    case "invalid":
      return false;
    default: {
      const unexpected: never = command;
      throw new Error(`unknown console command ${JSON.stringify(unexpected)}`);
    }
  }
}
