import { describe, expect, it } from "vitest";
import { chooseModel, defaultModelFor } from "../../../src/bedrock/models/choose-model.ts";
import { parseConfig } from "../../../src/config/index.ts";
import { commandTestConfig } from "../../bot/commands/command-config.ts";

const config = commandTestConfig();
const names = (chosen: { model: { name: string }; warnings: string[] }) => [chosen.model.name, ...chosen.warnings];

describe("chooseModel", () => {
  it("GIVEN a name that fits the use THEN that model; no name THEN the use's default", () => {
    expect(names(chooseModel(config, "chat", "nova-lite"))).toEqual(["nova-lite"]);
    expect(names(chooseModel(config, "chat", undefined))).toEqual(["claude-sonnet-4"]);
    expect(names(chooseModel(config, "batch", "titan-embed"))).toEqual(["titan-embed"]);
    expect(names(chooseModel(config, "batch", undefined))).toEqual(["claude-sonnet-4"]);
  });

  it("GIVEN a name that does not fit THEN refused with the names that would; with fallback THEN the default and a warning", () => {
    expect(() => chooseModel(config, "chat", "titan-embed")).toThrow('There is no chat model named "titan-embed". Chat models: claude-sonnet-4, nova-lite.');
    expect(() => chooseModel(config, "batch", "gpt-5")).toThrow('There is no batch-capable model named "gpt-5". Batch models: claude-sonnet-4, nova-lite, titan-embed.');
    expect(names(chooseModel(config, "chat", "retired", { fallback: true }))).toEqual(["claude-sonnet-4", 'The model "retired" is not available; answered with claude-sonnet-4.']);
  });

  it("GIVEN an unavailable model or no model that fits THEN a sentence says so", () => {
    const unavailable = { ...config, unavailable: [{ name: "old", reason: "its provider has no credentials" }] };
    expect(() => chooseModel(unavailable, "chat", "old")).toThrow('Model "old" is unavailable: its provider has no credentials. Chat models: claude-sonnet-4, nova-lite.');
    const empty = parseConfig("", "empty.toml", {});
    expect(() => chooseModel(empty, "chat", undefined)).toThrow("No chat model is configured.");
    expect(() => chooseModel(empty, "batch", "x")).toThrow('There is no batch-capable model named "x". No configured model can run batch jobs.');
  });
});

describe("defaultModelFor", () => {
  it("GIVEN [bot] and [batch] default_model THEN each use's own default", () => {
    const configured = commandTestConfig('default_model = "nova-lite"\n\n[batch]\ndefault_model = "titan-embed"');
    expect(defaultModelFor(configured, "chat")?.name).toBe("nova-lite");
    expect(defaultModelFor(configured, "batch")?.name).toBe("titan-embed");
  });
});
