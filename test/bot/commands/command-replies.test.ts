import { describe, expect, it } from "vitest";
import { chooseModel } from "../../../src/bedrock/models/choose-model.ts";
import { describeModelChange, describeModelInForce } from "../../../src/bot/commands/model-command.ts";
import { describeSystemChange, fencedPrompt } from "../../../src/bot/commands/system-command.ts";
import type { PlaceSettings } from "../../../src/bot/commands/settings-place.ts";
import { commandTestConfig } from "./command-config.ts";

const config = commandTestConfig();
const channelPlace = { channelId: "c1", guildId: "g1" };
const dmPlace = { channelId: "dm1" };

describe("describeModelChange", () => {
  const nova = chooseModel(config, "chat", "nova-lite").model;
  it("GIVEN each scope, place and a clear THEN the sentence says what changed where", () => {
    expect(describeModelChange(nova, "channel", channelPlace)).toBe("Set **nova-lite** for <#c1> and its threads.");
    expect(describeModelChange(nova, "server", channelPlace)).toBe("Set **nova-lite** as this server's default.");
    expect(describeModelChange(nova, "channel", dmPlace)).toBe("Set **nova-lite** for this conversation.");
    expect(describeModelChange(undefined, "channel", channelPlace)).toBe("Removed the model set for <#c1> and its threads.");
    expect(describeModelChange(undefined, "server", channelPlace)).toBe("Removed this server's default model.");
  });
});

describe("describeModelInForce", () => {
  const settings = (overrides: Partial<PlaceSettings>): PlaceSettings => ({
    channel: undefined,
    guild: undefined,
    resolved: { model: "claude-sonnet-4", systemPrompt: "", source: { model: "config", systemPrompt: "config" } },
    warnings: [],
    ...overrides,
  });

  it("GIVEN the config's default THEN the model, its price and the source", () => {
    expect(describeModelInForce(settings({}), channelPlace, config)).toBe("**claude-sonnet-4** answers here — $3.00 / $15.00 per 1M tokens; the bot's default (its config file).");
  });

  it("GIVEN a channel model over a server default, and a warning THEN both levels and the warning", () => {
    const current = settings({
      channel: { model: "nova-lite", updatedBy: "u1", updatedAt: "2025-03-01T00:00:00.000Z" },
      guild: { model: "claude-sonnet-4" },
      resolved: { model: "nova-lite", systemPrompt: "", source: { model: "channel", systemPrompt: "config" } },
      warnings: ["Something to know."],
    });
    expect(describeModelInForce(current, channelPlace, config).split("\n")).toEqual([
      "**nova-lite** answers here — $0.06 / $0.24 per 1M tokens; set for <#c1> (last changed by <@u1> on 2025-03-01).",
      "This server's default is **claude-sonnet-4**; `/model clear:True` goes back to it.",
      "⚠️ Something to know.",
    ]);
  });

  it("GIVEN no chat model at all THEN it says nothing can answer", () => {
    const none = settings({ resolved: { model: "", systemPrompt: "", source: { model: "config", systemPrompt: "config" } } });
    expect(describeModelInForce(none, channelPlace, config)).toBe("No chat model is configured, so nothing can answer here.");
  });
});

describe("/system replies", () => {
  it("GIVEN a set or a clear THEN the sentence says what changed where", () => {
    expect(describeSystemChange("Be brief.", "channel", channelPlace)).toBe("Set the system prompt for <#c1> and its threads (9 characters). It applies from the next answer on.");
    expect(describeSystemChange(null, "server", channelPlace)).toBe("Removed this server's default system prompt.");
    expect(describeSystemChange(null, "channel", dmPlace)).toBe("Removed the system prompt for this conversation.");
  });

  it("GIVEN a prompt with a code fence, an empty one and a very long one THEN a code block that stays closed and fits an embed", () => {
    expect(fencedPrompt("Use ```js blocks.")).toBe("```\nUse `\u200b``js blocks.\n```");
    expect(fencedPrompt("")).toBe("```\n(empty: no system prompt)\n```");
    const long = fencedPrompt("x".repeat(5000));
    expect(long.length).toBeLessThanOrEqual(4096);
    expect(long.endsWith("…\n```")).toBe(true);
  });
});
