import { describe, expect, it } from "vitest";
import { checkSettingsChange, checkUsageScope, type CommandUser } from "../../../src/bot/commands/check-command-permission.ts";

const config = { admins: ["u-admin"] };
const member: CommandUser = { userId: "u1", hasManageGuild: false, inGuild: true };
const manager: CommandUser = { ...member, hasManageGuild: true };
const configuredAdmin: CommandUser = { ...member, userId: "u-admin" };
const inDm: CommandUser = { userId: "u1", hasManageGuild: false, inGuild: false };
const allowed = { allowed: true };

describe("checkSettingsChange", () => {
  it("GIVEN a server WHEN a configured admin or a member with Manage Server changes a setting THEN allowed at either scope", () => {
    for (const user of [manager, configuredAdmin]) {
      expect(checkSettingsChange(user, "channel", "model", config)).toEqual(allowed);
      expect(checkSettingsChange(user, "server", "model", config)).toEqual(allowed);
    }
  });

  it("GIVEN a server WHEN a plain member changes a setting THEN refused, naming the setting and who may", () => {
    expect(checkSettingsChange(member, "channel", "system prompt", config)).toEqual({
      allowed: false,
      reason: "Only bot admins and members with Manage Server can change the system prompt. You can still see it with this command.",
    });
  });

  it("GIVEN a DM WHEN its one user changes this conversation THEN allowed; the server scope is refused", () => {
    expect(checkSettingsChange(inDm, "channel", "model", config)).toEqual(allowed);
    expect(checkSettingsChange(inDm, "server", "model", config)).toMatchObject({ allowed: false, reason: expect.stringContaining("no server in a direct message") });
  });
});

describe("checkUsageScope", () => {
  it("GIVEN scope me THEN anyone, anywhere", () => {
    expect([checkUsageScope(member, "me", config), checkUsageScope(inDm, "me", config)]).toEqual([allowed, allowed]);
  });

  it("GIVEN scope server THEN admins only, and never in a DM", () => {
    expect(checkUsageScope(manager, "server", config)).toEqual(allowed);
    expect(checkUsageScope(configuredAdmin, "server", config)).toEqual(allowed);
    expect(checkUsageScope(member, "server", config)).toMatchObject({ allowed: false, reason: expect.stringContaining("use scope: me for your own") });
    expect(checkUsageScope(inDm, "server", config)).toMatchObject({ allowed: false, reason: expect.stringContaining("no server in a direct message") });
  });
});
