import { describe, expect, it } from "vitest";
import { resolveChatSettings } from "../../src/store/chat-settings.ts";

const defaults = { defaultModel: "nova-lite", configSystemPrompt: "Be helpful." };

describe("resolveChatSettings", () => {
  it("GIVEN nothing stored THEN the config's defaults", () => {
    expect(resolveChatSettings(undefined, undefined, defaults)).toEqual({
      model: "nova-lite",
      systemPrompt: "Be helpful.",
      source: { model: "config", systemPrompt: "config" },
    });
  });

  it("GIVEN guild and channel settings THEN the channel wins field by field, the guild fills the rest", () => {
    expect(resolveChatSettings({ model: "claude" }, { model: "nova-pro", systemPrompt: "Guild voice.", temperature: 0.3 }, defaults)).toEqual({
      model: "claude",
      systemPrompt: "Guild voice.",
      temperature: 0.3,
      source: { model: "channel", systemPrompt: "guild" },
    });
  });
});
