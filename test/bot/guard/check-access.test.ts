import { describe, expect, it } from "vitest";
import { checkAccess, isAdmin, type AccessConfig, type AccessRequest } from "../../../src/bot/guard/check-access.ts";

const open: AccessConfig = {
  admins: [],
  reply_in_dms: true,
  allow_users: [],
  deny_users: [],
  allow_roles: [],
  deny_roles: [],
  allow_channels: [],
  deny_channels: [],
};
const member: AccessRequest = { userId: "u1", roleIds: ["r-member"], channelId: "c-general", parentIds: ["cat-text"], isDM: false };
const thread: AccessRequest = { ...member, channelId: "t-help", parentIds: ["c-support", "cat-help"] };
const dm: AccessRequest = { userId: "u1", roleIds: [], channelId: "dm-1", parentIds: [], isDM: true };
const allowed = { allowed: true };

describe("checkAccess", () => {
  it("GIVEN no lists WHEN anyone asks anywhere THEN allowed", () => {
    expect([checkAccess(member, open), checkAccess(thread, open), checkAccess(dm, open)]).toEqual([allowed, allowed, allowed]);
  });

  it("GIVEN deny lists WHEN a denied user, role or channel asks THEN refused, even when also allowed", () => {
    const config = { ...open, allow_users: ["u1"], allow_roles: ["r-member"], allow_channels: ["c-general"] };

    expect([
      checkAccess(member, { ...config, deny_users: ["u1"] }),
      checkAccess(member, { ...config, deny_roles: ["r-member"] }),
      checkAccess(member, { ...config, deny_channels: ["c-general"] }),
    ]).toEqual([
      { allowed: false, reason: "You are not allowed to use this bot." },
      { allowed: false, reason: "One of your roles is not allowed to use this bot." },
      { allowed: false, reason: "I don't answer in this channel." },
    ]);
  });

  it("GIVEN channel lists WHEN asked in a thread THEN its parent channel and category count", () => {
    expect([
      checkAccess(thread, { ...open, allow_channels: ["c-support"] }),
      checkAccess(thread, { ...open, allow_channels: ["cat-help"] }),
      checkAccess(thread, { ...open, allow_channels: ["c-general"] }),
      checkAccess(thread, { ...open, allow_channels: ["c-support"], deny_channels: ["t-help"] }),
      checkAccess(thread, { ...open, allow_channels: ["t-help"], deny_channels: ["cat-help"] }),
    ]).toEqual([
      allowed,
      allowed,
      { allowed: false, reason: "I don't answer in this channel; try one where the bot is enabled." },
      { allowed: false, reason: "I don't answer in this channel." },
      { allowed: false, reason: "I don't answer in this channel." },
    ]);
  });

  it("GIVEN allow lists WHEN someone not on them asks THEN refused; each list restricts on its own", () => {
    const config = { ...open, allow_users: ["u1", "u2"], allow_roles: ["r-vip"] };

    expect([
      checkAccess({ ...member, userId: "u3", roleIds: ["r-vip"] }, config),
      checkAccess(member, config),
      checkAccess({ ...member, roleIds: ["r-member", "r-vip"] }, config),
    ]).toEqual([
      { allowed: false, reason: "This bot is only available to certain users." },
      { allowed: false, reason: "This bot is only available to members with certain roles." },
      allowed,
    ]);
  });

  it("GIVEN direct messages WHEN DMs are off or roles are required THEN refused; channel lists do not apply", () => {
    expect([
      checkAccess(dm, { ...open, reply_in_dms: false }),
      checkAccess(dm, { ...open, allow_roles: ["r-vip"] }),
      checkAccess(dm, { ...open, allow_channels: ["c-general"], deny_channels: ["dm-1"] }),
    ]).toEqual([
      { allowed: false, reason: "I don't answer direct messages; ask me in a server channel." },
      { allowed: false, reason: "This bot is only available to members with certain roles; ask me in the server." },
      allowed,
    ]);
  });

  it("GIVEN an admin WHEN every list would refuse them THEN allowed", () => {
    const config = { ...open, admins: ["u1"], deny_users: ["u1"], deny_channels: ["c-general"], allow_roles: ["r-vip"], reply_in_dms: false };

    expect([checkAccess(member, config), checkAccess(dm, config)]).toEqual([allowed, allowed]);
  });
});

describe("isAdmin", () => {
  it("GIVEN config admins and Manage Guild WHEN asked THEN either makes an admin", () => {
    const config = { admins: ["u1"] };

    expect([isAdmin("u1", false, config), isAdmin("u2", true, config), isAdmin("u2", false, config)]).toEqual([true, true, false]);
  });
});
