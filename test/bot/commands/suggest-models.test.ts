import { describe, expect, it } from "vitest";
import { describeModelPrice, modelLabel, suggestModels } from "../../../src/bot/commands/suggest-models.ts";
import { commandTestConfig } from "./command-config.ts";

const chat = (name: string, price_in = 1, price_out = 2) => ({ name, price_in, price_out, kind: "chat" as const });

describe("suggestModels", () => {
  it("GIVEN nothing typed THEN every chat model with its price, in config order, no embedding models", () => {
    expect(suggestModels(commandTestConfig().models, "")).toEqual([
      { name: "claude-sonnet-4 — $3.00 / $15.00 per 1M tokens", value: "claude-sonnet-4" },
      { name: "nova-lite — $0.06 / $0.24 per 1M tokens", value: "nova-lite" },
    ]);
  });

  it("GIVEN typed text THEN names starting with it first, then names containing it, case-insensitive", () => {
    const models = [chat("claude-haiku"), chat("nova-pro"), chat("NOVA-lite"), chat("mistral")];
    expect(suggestModels(models, " Nova ").map((s) => s.value)).toEqual(["nova-pro", "NOVA-lite"]);
    expect(suggestModels(models, "a-").map((s) => s.value)).toEqual(["nova-pro", "NOVA-lite"]);
    expect(suggestModels(models, "claude-h").map((s) => s.value)).toEqual(["claude-haiku"]);
    expect(suggestModels(models, "gpt")).toEqual([]);
  });

  it("GIVEN 30 models and one too long for a choice value THEN at most 25 suggestions, none over Discord's 100 characters", () => {
    const models = [chat("m".repeat(101)), ...Array.from({ length: 30 }, (_, i) => chat(`model-${String(i).padStart(2, "0")}-${"x".repeat(80)}`))];
    const suggestions = suggestModels(models, "");
    expect(suggestions).toHaveLength(25);
    expect(suggestions[0]?.value).toBe(`model-00-${"x".repeat(80)}`);
    for (const suggestion of suggestions) {
      expect(suggestion.name.length).toBeLessThanOrEqual(100);
      expect(suggestion.value.length).toBeLessThanOrEqual(100);
    }
    expect(suggestions[0]?.name.endsWith("…")).toBe(true);
  });

  it("GIVEN a model without prices THEN it says so instead of looking free", () => {
    expect(describeModelPrice({ price_in: 0, price_out: 0 })).toBe("no price configured");
    expect(describeModelPrice({ price_in: 0, price_out: 0.5 })).toBe("$0.00 / $0.50 per 1M tokens");
    expect(modelLabel({ name: "x", price_in: 0.8, price_out: 4 })).toBe("x — $0.80 / $4.00 per 1M tokens");
  });
});
