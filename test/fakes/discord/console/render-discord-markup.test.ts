import { describe, expect, it } from "vitest";
import { expandMentions } from "./expand-mentions.ts";
import { renderDiscordMarkup } from "./render-discord-markup.ts";

const NAMES = { user: (id: string) => ({ "11": "alice" })[id], channel: (id: string) => ({ "22": "general" })[id], role: (id: string) => ({ "33": "Admin" })[id] };

describe("renderDiscordMarkup", () => {
  it("GIVEN mentions of a user, channel and role, and a timestamp WHEN rendered THEN they read as in Discord's client", () => {
    expect(renderDiscordMarkup("<@11> set it for <#22> (<@&33>) until <t:1796256899:f>", NAMES)).toBe("@alice set it for #general (@Admin) until 2026-12-03 00:14 UTC");
  });

  it("GIVEN an unknown id WHEN rendered THEN the markup stays", () => {
    expect(renderDiscordMarkup("<@99> <#98>", NAMES)).toBe("<@99> <#98>");
  });
});

describe("expandMentions", () => {
  const ids = { bot: "1", user: (name: string) => ({ alice: "11" })[name] };

  it("GIVEN @bot and @alice starting words WHEN expanded THEN they become mentions; a trailing dot stays text", () => {
    expect(expandMentions("@bot ask @alice.", ids)).toBe("<@1> ask <@11>.");
  });

  it("GIVEN an address, an unknown name and a mid-word @ WHEN expanded THEN they stay text", () => {
    expect(expandMentions("mail me@example.com or @carol", ids)).toBe("mail me@example.com or @carol");
  });
});
