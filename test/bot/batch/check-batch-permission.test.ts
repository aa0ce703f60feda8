import { describe, expect, it } from "vitest";
import { canActOnJob, checkBatchSpend, checkJobAccess, type BatchPermissionConfig, type BatchSpendRequest } from "../../../src/bot/batch/check-batch-permission.ts";

const NOW = Date.UTC(2025, 0, 31, 20, 48, 30); // 3 h 12 min before midnight UTC

function config(overrides: { allow_users?: string[]; allow_roles?: string[]; admins?: string[]; cap?: number } = {}): BatchPermissionConfig {
  return {
    batch: { allow_users: overrides.allow_users ?? [], allow_roles: overrides.allow_roles ?? [] },
    bot: { admins: overrides.admins ?? [], daily_spend_cap_usd: overrides.cap },
  };
}

function spend(overrides: Partial<BatchSpendRequest> = {}): BatchSpendRequest {
  return { userId: "u1", roleIds: ["r-member"], guildId: "g1", spentTodayUsd: 0, estimatedCostUsd: 0.5, now: NOW, ...overrides };
}

describe("checkBatchSpend", () => {
  it("GIVEN no lists and no cap WHEN anyone submits THEN allowed", () => {
    expect(checkBatchSpend(spend(), config())).toEqual({ allowed: true });
  });

  it("GIVEN allow lists WHEN members in and out of them submit THEN each list restricts on its own; admins are exempt", () => {
    const lists = config({ allow_users: ["u1", "u2"], allow_roles: ["r-batch"], admins: ["boss"] });
    expect([
      checkBatchSpend(spend({ userId: "u1", roleIds: ["r-batch"] }), lists),
      checkBatchSpend(spend({ userId: "u3", roleIds: ["r-batch"] }), lists),
      checkBatchSpend(spend({ userId: "u2", roleIds: ["r-member"] }), lists),
      checkBatchSpend(spend({ userId: "u2", roleIds: [], guildId: undefined }), lists),
      checkBatchSpend(spend({ userId: "boss", roleIds: [] }), lists),
    ]).toEqual([
      { allowed: true },
      { allowed: false, reason: "Batch jobs are only available to certain users." },
      { allowed: false, reason: "Batch jobs are only available to members with certain roles." },
      { allowed: false, reason: "Batch jobs are only available to members with certain roles; start them in the server." },
      { allowed: true },
    ]);
  });

  it("GIVEN a daily cap WHEN a job's estimate would pass it THEN refused, for admins too; DMs have no guild cap", () => {
    const capped = config({ cap: 5, admins: ["boss"] });
    expect([
      checkBatchSpend(spend({ spentTodayUsd: 4, estimatedCostUsd: 1 }), capped),
      checkBatchSpend(spend({ userId: "boss", spentTodayUsd: 4, estimatedCostUsd: 1.5 }), capped),
      checkBatchSpend(spend({ guildId: undefined, spentTodayUsd: 4, estimatedCostUsd: 100 }), capped),
    ]).toEqual([
      { allowed: true },
      { allowed: false, reason: "This server has used $4.00 of its $5.00 daily budget; this request (about $1.50) would go over it. It resets at midnight UTC, in 3 h 12 min." },
      { allowed: true },
    ]);
  });
});

describe("checkJobAccess", () => {
  const owner = { userId: "u1", guildId: "g1", channelId: "c1" };
  const admins = { admins: ["boss"] };

  it("GIVEN a job WHEN its owner, a configured admin, or a guild admin of its server acts THEN allowed", () => {
    expect([
      checkJobAccess(owner, { userId: "u1", guildId: "g2", hasManageGuild: false }, "cancel", admins),
      checkJobAccess(owner, { userId: "boss", hasManageGuild: false }, "cancel", admins),
      checkJobAccess(owner, { userId: "mod", guildId: "g1", hasManageGuild: true }, "cancel", admins),
    ]).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
  });

  it("GIVEN someone else's job WHEN another member, or a guild admin of another server acts THEN refused, saying who may", () => {
    expect([
      checkJobAccess(owner, { userId: "u2", guildId: "g1", hasManageGuild: false }, "cancel", admins),
      checkJobAccess(owner, { userId: "mod", guildId: "g2", hasManageGuild: true }, "repost", admins),
      checkJobAccess(undefined, { userId: "u1", guildId: "g1", hasManageGuild: true }, "see", admins),
    ]).toEqual([
      { allowed: false, reason: "Only the member who started this job, or an admin of its server, can cancel it." },
      { allowed: false, reason: "Only the member who started this job, or an admin of its server, can post its results again." },
      { allowed: false, reason: "This job was started from the command line; only the bot's admins can see it." },
    ]);
  });

  it("GIVEN jobs of several owners WHEN listed for a member THEN only those they may act on", () => {
    const jobs = [owner, { userId: "u2", guildId: "g1" }, { userId: "u1", guildId: "g2" }, undefined];
    expect(jobs.map((each) => canActOnJob(each, { userId: "u1", guildId: "g1", hasManageGuild: false }, admins))).toEqual([true, false, true, false]);
    expect(jobs.map((each) => canActOnJob(each, { userId: "mod", guildId: "g1", hasManageGuild: true }, admins))).toEqual([true, true, false, false]);
  });
});
