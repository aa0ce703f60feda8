import { describe, expect, it } from "vitest";
import { mcpServerUsability } from "../../../../src/bedrock/tools/mcp/mcp-server-usable.ts";
import { readsToolResultImages } from "../../../../src/bedrock/models/reads-tool-result-images.ts";

const server = { name: "kb", enabled: true, guilds: [] as string[], channels: [] as string[], dms: false };
const inGuild = { guildId: "g1", channelId: "c1" };

describe("mcpServerUsability", () => {
  it("GIVEN no limits and no switches WHEN in a guild channel THEN usable by default; in a DM only with dms", () => {
    expect(mcpServerUsability(server, inGuild, {})).toEqual({ usable: true, source: "default" });
    expect(mcpServerUsability(server, { channelId: "dm1" }, {})).toEqual({ usable: false, why: "not allowed here by config" });
    expect(mcpServerUsability({ ...server, dms: true }, { channelId: "dm1" }, {})).toEqual({ usable: true, source: "default" });
  });

  it("GIVEN guilds and channels in config WHEN elsewhere THEN not allowed, and a switch cannot change that; a thread follows its parent", () => {
    const limited = { ...server, guilds: ["g1"], channels: ["c1"] };
    expect(mcpServerUsability(limited, { guildId: "g2", channelId: "c1" }, { channel: { kb: true } })).toEqual({ usable: false, why: "not allowed here by config" });
    expect(mcpServerUsability(limited, { guildId: "g1", channelId: "c2" }, { channel: { kb: true } })).toEqual({ usable: false, why: "not allowed here by config" });
    expect(mcpServerUsability(limited, { guildId: "g1", channelId: "thread1", parentChannelId: "c1" }, {})).toEqual({ usable: true, source: "default" });
    expect(mcpServerUsability({ ...server, enabled: false }, inGuild, { channel: { kb: true } })).toEqual({ usable: false, why: "disabled in config" });
  });

  it("GIVEN switches WHEN resolved THEN the channel's wins over the guild's", () => {
    expect(mcpServerUsability(server, inGuild, { guild: { kb: false } })).toEqual({ usable: false, why: "switched off for this server" });
    expect(mcpServerUsability(server, inGuild, { guild: { kb: false }, channel: { kb: true } })).toEqual({ usable: true, source: "channel" });
    expect(mcpServerUsability(server, inGuild, { guild: { kb: true }, channel: { kb: false } })).toEqual({ usable: false, why: "switched off for this channel" });
  });
});

describe("readsToolResultImages", () => {
  it("GIVEN Claude and Nova Pro (also through profiles) and Nova Micro, Llama WHEN asked THEN only the first two", () => {
    expect(readsToolResultImages({ model_identifier: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" })).toBe(true);
    expect(readsToolResultImages({ model_identifier: "amazon.nova-pro-v1:0" })).toBe(true);
    expect(readsToolResultImages({ model_identifier: "amazon.nova-micro-v1:0" })).toBe(false);
    expect(readsToolResultImages({ model_identifier: "meta.llama3-1-70b-instruct-v1:0" })).toBe(false);
  });
});
