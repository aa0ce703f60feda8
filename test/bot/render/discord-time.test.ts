import { describe, expect, it } from "vitest";
import { discordTime } from "../../../src/bot/render/discord-time.ts";

describe("discordTime", () => {
  it("GIVEN an ISO time or a Date WHEN marked up THEN whole seconds, full date by default, relative on request", () => {
    expect(discordTime("2026-11-22T10:00:00.900Z")).toBe("<t:1795341600:f>");
    expect(discordTime(new Date("2026-11-22T10:00:00.900Z"), "R")).toBe("<t:1795341600:R>");
  });
});
