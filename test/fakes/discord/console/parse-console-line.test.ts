import { describe, expect, it } from "vitest";
import { parseConsoleLine } from "./parse-console-line.ts";

describe("parseConsoleLine", () => {
  it("GIVEN plain text, a mention or an ellipsis WHEN parsed THEN each is a message posted as typed", () => {
    expect(parseConsoleLine("  @bot what is 2+2?  ")).toEqual({ kind: "say", text: "@bot what is 2+2?" });
    expect(parseConsoleLine("... right")).toEqual({ kind: "say", text: "... right" });
    expect(parseConsoleLine(".say /not a command")).toEqual({ kind: "say", text: "/not a command" });
    expect(parseConsoleLine("   ")).toEqual({ kind: "nothing" });
  });

  it("GIVEN a slash command WHEN parsed THEN leading words are the subcommand path and name:value pairs the options", () => {
    expect(parseConsoleLine('/batch submit file1:q.csv prompt:"Answer briefly: {question}" max_tokens:50')).toEqual({
      kind: "slash",
      name: "batch",
      words: ["submit"],
      options: [
        { name: "file1", value: "q.csv" },
        { name: "prompt", value: "Answer briefly: {question}" },
        { name: "max_tokens", value: "50" },
      ],
    });
  });

  it("GIVEN a bare word after options, or no name WHEN parsed THEN it is invalid with the reason", () => {
    expect(parseConsoleLine("/chat prompt:hi there")).toEqual({ kind: "invalid", reason: `expected option:value after /chat's options, got "there"` });
    expect(parseConsoleLine("/")).toMatchObject({ kind: "invalid" });
    expect(parseConsoleLine('/chat prompt:"open')).toEqual({ kind: "invalid", reason: 'a " quote is not closed' });
  });

  it("GIVEN console commands with an optional message id WHEN parsed THEN the id is taken only when it looks like one", () => {
    expect(parseConsoleLine(".click Confirm")).toEqual({ kind: "click", label: "Confirm" });
    expect(parseConsoleLine(".click 1290000000000000001 Show reasoning")).toEqual({ kind: "click", label: "Show reasoning", messageId: "1290000000000000001" });
    expect(parseConsoleLine(".reply 42 is the answer")).toEqual({ kind: "reply", text: "42 is the answer" });
    expect(parseConsoleLine(".APP Add to batch")).toEqual({ kind: "app", name: "Add to batch" });
  });

  it("GIVEN names and paths WHEN parsed THEN quotes group them and @ before a username is optional", () => {
    expect(parseConsoleLine('.attach "my notes.txt" b.png')).toEqual({ kind: "attach", paths: ["my notes.txt", "b.png"] });
    expect(parseConsoleLine(".in start a thread")).toEqual({ kind: "in", place: "start a thread" });
    expect(parseConsoleLine('.thread "ideas"')).toEqual({ kind: "thread", name: "ideas" });
    expect(parseConsoleLine(".as @bob")).toEqual({ kind: "as", username: "bob" });
  });

  it("GIVEN an unknown console command or one missing its text WHEN parsed THEN it is invalid, saying what to type", () => {
    expect(parseConsoleLine(".frob")).toEqual({ kind: "invalid", reason: "there is no console command .frob (.help lists them)" });
    expect(parseConsoleLine(".click")).toEqual({ kind: "invalid", reason: "usage: .click [<message id>] <label>" });
    expect(parseConsoleLine(".reply 1290000000000000001")).toEqual({ kind: "invalid", reason: "usage: .reply [<message id>] <text>" });
  });
});
