import { describe, expect, it } from "vitest";
import { describeSettingSource } from "../../../src/bot/commands/describe-setting-source.ts";
import { checkResolvedModel, loadPlaceSettings, settingsPlaceOf, updatePlaceSettings } from "../../../src/bot/commands/settings-place.ts";
import type { ResolvedChatSettings } from "../../../src/store/chat-settings.ts";
import { createInMemorySettings } from "../../e2e/in-memory-repositories.ts";
import { commandTestConfig } from "./command-config.ts";

describe("settingsPlaceOf", () => {
  it("GIVEN a channel, a thread and a DM THEN the channel, the thread's parent, and the DM without a server", () => {
    expect(settingsPlaceOf({ channelId: "c1", guildId: "g1" })).toEqual({ channelId: "c1", guildId: "g1" });
    expect(settingsPlaceOf({ channelId: "t1", threadParentId: "c1", guildId: "g1" })).toEqual({ channelId: "c1", guildId: "g1" });
    expect(settingsPlaceOf({ channelId: "dm1", threadParentId: null, guildId: null })).toEqual({ channelId: "dm1" });
  });
});

describe("loadPlaceSettings", () => {
  const config = commandTestConfig();

  it("GIVEN nothing stored THEN the config's first chat model and system prompt", async () => {
    const loaded = await loadPlaceSettings({ channelId: "c1", guildId: "g1" }, createInMemorySettings(), config);
    expect(loaded).toEqual({
      channel: undefined,
      guild: undefined,
      resolved: { model: "claude-sonnet-4", systemPrompt: "Config prompt.", source: { model: "config", systemPrompt: "config" } },
      warnings: [],
    });
  });

  it("GIVEN a server model and a channel prompt THEN each from its level; another channel only gets the server's", async () => {
    const settings = createInMemorySettings();
    await updatePlaceSettings(settings, { channelId: "c1", guildId: "g1" }, "server", { model: "nova-lite" });
    await updatePlaceSettings(settings, { channelId: "c1", guildId: "g1" }, "channel", { systemPrompt: "Channel prompt." });
    const here = await loadPlaceSettings({ channelId: "c1", guildId: "g1" }, settings, config);
    expect(here.resolved).toEqual({ model: "nova-lite", systemPrompt: "Channel prompt.", source: { model: "guild", systemPrompt: "channel" } });
    const there = await loadPlaceSettings({ channelId: "c2", guildId: "g1" }, settings, config);
    expect(there.resolved.source).toEqual({ model: "guild", systemPrompt: "config" });
  });

  it("GIVEN a DM THEN no server settings are read", async () => {
    const settings = createInMemorySettings();
    await settings.updateChannel("dm1", { model: "nova-lite" });
    expect((await loadPlaceSettings({ channelId: "dm1" }, settings, config)).resolved.model).toBe("nova-lite");
  });

  it("GIVEN server scope in a DM THEN the write is refused (the permission check says why first)", async () => {
    await expect(updatePlaceSettings(createInMemorySettings(), { channelId: "dm1" }, "server", { model: "nova-lite" })).rejects.toThrow(/need a server/);
  });
});

describe("checkResolvedModel", () => {
  const config = commandTestConfig();
  const resolved = (model: string, source: "channel" | "guild" | "config"): ResolvedChatSettings => ({ model, systemPrompt: "", source: { model: source, systemPrompt: "config" } });

  it("GIVEN a stored model that is no longer a chat model THEN the default answers, with a warning", () => {
    expect(checkResolvedModel(resolved("gone-model", "channel"), config, "claude-sonnet-4")).toEqual({
      resolved: resolved("claude-sonnet-4", "config"),
      warnings: ['The model "gone-model" set for this channel is no longer available; using claude-sonnet-4 instead.'],
    });
    expect(checkResolvedModel(resolved("titan-embed", "guild"), config, "claude-sonnet-4").warnings).toEqual([
      'The model "titan-embed" set for this server is no longer available; using claude-sonnet-4 instead.',
    ]);
  });

  it("GIVEN a usable stored model, or the config's own THEN unchanged", () => {
    expect(checkResolvedModel(resolved("nova-lite", "channel"), config, "claude-sonnet-4")).toEqual({ resolved: resolved("nova-lite", "channel"), warnings: [] });
    expect(checkResolvedModel(resolved("", "config"), config, undefined)).toEqual({ resolved: resolved("", "config"), warnings: [] });
  });
});

describe("describeSettingSource", () => {
  const place = { channelId: "c1", guildId: "g1" };
  it("GIVEN each source THEN where it comes from and who changed it last", () => {
    const channel = { model: "m", updatedBy: "u1", updatedAt: "2025-03-01T10:00:00.000Z" };
    expect(describeSettingSource("channel", place, { channel })).toBe("set for <#c1> (last changed by <@u1> on 2025-03-01)");
    expect(describeSettingSource("channel", { channelId: "dm1" }, {})).toBe("set for this conversation");
    expect(describeSettingSource("guild", place, { guild: { model: "m" } })).toBe("this server's default");
    expect(describeSettingSource("config", place, { channel })).toBe("the bot's default (its config file)");
  });
});
