import { describe, expect, it } from "vitest";
import { commandDefinitions } from "../../../src/bot/commands/command-definitions.ts";
import { commandListIssues } from "../../fakes/discord/command-limits.ts";

describe("commandDefinitions", () => {
  it("GIVEN the definitions THEN within Discord's command limits", () => {
    expect(commandListIssues(commandDefinitions())).toEqual([]);
  });

  it("GIVEN the definitions THEN each command's options in order, the required one first, model names autocompleted", () => {
    const shape = commandDefinitions().map((command) => ({
      name: command.name,
      contexts: command.contexts,
      options: ("options" in command ? (command.options ?? []) : []).map((option) => ({
        name: option.name,
        ...("required" in option && option.required === true ? { required: true } : {}),
        ...("autocomplete" in option && option.autocomplete === true ? { autocomplete: true } : {}),
        ...("choices" in option && option.choices ? { choices: option.choices.map((choice) => choice.value) } : {}),
      })),
    }));
    expect(shape).toEqual([
      { name: "chat", contexts: [0, 1], options: [{ name: "prompt", required: true }, { name: "model", autocomplete: true }, { name: "private" }, { name: "thread" }] },
      { name: "model", contexts: [0, 1], options: [{ name: "name", autocomplete: true }, { name: "scope", choices: ["channel", "server"] }, { name: "clear" }, { name: "tier", choices: ["default", "priority", "flex", "model"] }, { name: "citations" }] },
      { name: "system", contexts: [0, 1], options: [{ name: "prompt" }, { name: "scope", choices: ["channel", "server"] }, { name: "clear" }] },
      { name: "guardrail", contexts: [0, 1], options: [{ name: "name", autocomplete: true }, { name: "scope", choices: ["channel", "server"] }, { name: "clear" }] },
      { name: "usage", contexts: [0, 1], options: [{ name: "scope", choices: ["me", "server"] }, { name: "period", choices: ["today", "7d", "30d", "all"] }] },
      { name: "tools", contexts: [0, 1], options: [{ name: "server", autocomplete: true }, { name: "enabled" }, { name: "scope", choices: ["channel", "server"] }, { name: "clear" }] },
      { name: "batch", contexts: [0], options: ["submit", "add", "draft", "run", "clear", "status", "list", "cancel", "results"].map((name) => ({ name })) },
      { name: "Add to batch", contexts: [0], options: [] },
    ]);
  });
});
