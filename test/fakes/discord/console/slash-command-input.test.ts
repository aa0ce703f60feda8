import { ApplicationCommandOptionType as T } from "discord-api-types/v10";
import type { APIApplicationCommand } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { toCommandInput, type NameResolvers } from "./slash-command-input.ts";

/** Registered commands as the fake returns them, reduced to what the conversion reads. */
const command = (name: string, options: unknown[]): APIApplicationCommand => ({ id: name, application_id: "1", version: "1", default_member_permissions: null, type: 1, name, description: name, options }) as APIApplicationCommand;

const REGISTERED = [
  command("chat", [
    { type: T.String, name: "prompt", description: "p", required: true },
    { type: T.Boolean, name: "private", description: "p" },
  ]),
  command("usage", [{ type: T.String, name: "period", description: "p", choices: [{ name: "last 7 days", value: "7d" }] }]),
  command("batch", [
    {
      type: T.Subcommand,
      name: "submit",
      description: "s",
      options: [
        { type: T.Attachment, name: "file1", description: "f" },
        { type: T.Integer, name: "max_tokens", description: "m" },
        { type: T.Number, name: "temperature", description: "t" },
      ],
    },
    { type: T.SubcommandGroup, name: "admin", description: "a", options: [{ type: T.Subcommand, name: "grant", description: "g", options: [{ type: T.User, name: "who", description: "w" }, { type: T.Channel, name: "where", description: "w" }] }] },
  ]),
];

const NAMES: NameResolvers = {
  user: (name) => ({ alice: "100" })[name] ?? fail(`no user ${name}`),
  channel: (name) => ({ general: "200" })[name] ?? fail(`no channel ${name}`),
  role: (name) => fail(`no role ${name}`),
};

function fail(reason: string): never {
  throw new Error(reason);
}

describe("toCommandInput", () => {
  it("GIVEN a subcommand with a file, an integer and a number WHEN converted THEN files stay paths and numbers are numbers", () => {
    const input = toCommandInput({ name: "batch", words: ["submit"], options: [{ name: "file1", value: "q.csv" }, { name: "max_tokens", value: "50" }, { name: "temperature", value: "0.5" }] }, REGISTERED, NAMES);

    expect(input).toEqual({ name: "batch", subcommand: "submit", options: { file1: { path: "q.csv" }, max_tokens: 50, temperature: 0.5 } });
  });

  it("GIVEN a group, a user and a channel by name WHEN converted THEN the path is split and names become ids", () => {
    const input = toCommandInput({ name: "batch", words: ["admin", "grant"], options: [{ name: "who", value: "@alice" }, { name: "where", value: "#general" }] }, REGISTERED, NAMES);

    expect(input).toEqual({ name: "batch", subcommandGroup: "admin", subcommand: "grant", options: { who: "100", where: "200" } });
  });

  it("GIVEN a boolean and a choice typed by its shown name WHEN converted THEN they become the registered values", () => {
    expect(toCommandInput({ name: "chat", words: [], options: [{ name: "prompt", value: "hi" }, { name: "private", value: "yes" }] }, REGISTERED, NAMES).options).toEqual({ prompt: "hi", private: true });
    expect(toCommandInput({ name: "usage", words: [], options: [{ name: "period", value: "Last 7 days" }] }, REGISTERED, NAMES).options).toEqual({ period: "7d" });
  });

  it("GIVEN mistakes WHEN converted THEN each error names what exists", () => {
    const typed = (name: string, words: string[], options: { name: string; value: string }[] = []) => () => toCommandInput({ name, words, options }, REGISTERED, NAMES);

    expect(typed("nope", [])).toThrow("the bot has no /nope here (registered here: /chat /usage /batch)");
    expect(typed("batch", [])).toThrow("/batch needs a subcommand (submit, admin)");
    expect(typed("batch", ["sumbit"])).toThrow('/batch has no subcommand "sumbit" (submit, admin)');
    expect(typed("chat", [], [{ name: "promt", value: "x" }])).toThrow('/chat has no option "promt" (prompt, private)');
    expect(typed("batch", ["submit"], [{ name: "max_tokens", value: "5.5" }])).toThrow('/batch submit max_tokens: expected a whole number, got "5.5"');
    expect(typed("chat", [], [{ name: "private", value: "maybe" }])).toThrow('/chat private: expected true or false, got "maybe"');
  });

  it("GIVEN no commands registered WHEN converted THEN the error says how to deploy them", () => {
    expect(() => toCommandInput({ name: "chat", words: [], options: [] }, [], NAMES)).toThrow("npx bedrock-bot commands deploy");
  });
});
