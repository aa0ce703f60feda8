import { describe, expect, it } from "vitest";
import { webFetchAllowedIn } from "../../../src/bot/discord/conversation-tools.ts";

const on = { enabled: true, guilds: [], channels: [] };

describe("webFetchAllowedIn", () => {
  it("GIVEN [web_fetch] off WHEN asked anywhere THEN no: fetch_url is off by default", () => {
    expect(webFetchAllowedIn({ ...on, enabled: false }, { guildId: "g1", channelId: "c1" })).toBe(false);
  });

  it("GIVEN guild and channel lists WHEN asked THEN only there, a thread counting as its parent channel, DMs only without a guild list", () => {
    expect(webFetchAllowedIn(on, { guildId: null, channelId: "dm" })).toBe(true);
    expect(webFetchAllowedIn({ ...on, guilds: ["g1"] }, { guildId: "g1", channelId: "c1" })).toBe(true);
    expect(webFetchAllowedIn({ ...on, guilds: ["g1"] }, { guildId: "g2", channelId: "c1" })).toBe(false);
    expect(webFetchAllowedIn({ ...on, guilds: ["g1"] }, { guildId: null, channelId: "dm" })).toBe(false);
    expect(webFetchAllowedIn({ ...on, channels: ["c1"] }, { guildId: "g1", channelId: "t1", parentChannelId: "c1" })).toBe(true);
    expect(webFetchAllowedIn({ ...on, channels: ["c1"] }, { guildId: "g1", channelId: "c2" })).toBe(false);
  });
});
