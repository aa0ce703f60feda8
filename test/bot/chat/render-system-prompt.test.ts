import { describe, expect, it } from "vitest";
import { renderSystemPrompt } from "../../../src/bot/chat/render-system-prompt.ts";
import { DEFAULTS } from "../../../src/config/schema.ts";

const now = Date.UTC(2025, 0, 31, 14, 5, 59);

describe("renderSystemPrompt", () => {
  it("GIVEN the default prompt in a server WHEN rendered THEN date and time are UTC from the clock, names filled in", () => {
    expect(renderSystemPrompt(DEFAULTS.bot.system_prompt, { now, server: "Gamers", channel: "general" })).toEqual(
      "You are a helpful assistant in a Discord server (Gamers, #general). Today is Friday, January 31, 2025, 14:05 UTC.",
    );
  });

  it("GIVEN a direct message WHEN rendered THEN server and channel say so", () => {
    expect(renderSystemPrompt("{server} / {channel}", { now })).toEqual("direct messages / dm");
  });

  it("GIVEN unknown placeholders, JSON and names that look like placeholders WHEN rendered THEN only the four known ones change, once", () => {
    expect(renderSystemPrompt('Answer as {"ok": true}. {user} {TIME} {time} in {server}', { now: Date.UTC(2025, 5, 1, 0, 7), server: "{date}" })).toEqual(
      'Answer as {"ok": true}. {user} {TIME} 00:07 in {date}',
    );
  });
});
