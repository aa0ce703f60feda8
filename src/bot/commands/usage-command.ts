/**
 * `/usage [scope] [period]`: calls, tokens and cost per model from the usage records, privately. Members see their
 * own (in a server: there; in a DM: everywhere), admins also a whole server's.
 */
import type { ChatInputCommandInteraction } from "discord.js";
import type { BotContext } from "../bot-context.ts";
import { checkUsageScope } from "./check-command-permission.ts";
import { commandUser, choiceOption, replyPrivately, requireAllowed } from "./command-interaction.ts";
import { USAGE_OPTIONS, type UsagePeriod, type UsageScope } from "./command-definitions.ts";
import { formatUsageReport } from "./format-usage-report.ts";
import { summarizeUsage, usagePeriodStart } from "./summarize-usage.ts";

const SCOPES: readonly UsageScope[] = ["me", "server"];
const PERIODS: readonly UsagePeriod[] = ["today", "7d", "30d", "all"];

export async function handleUsageCommand(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const scope = choiceOption(interaction, USAGE_OPTIONS.scope, SCOPES, "me");
  const period = choiceOption(interaction, USAGE_OPTIONS.period, PERIODS, "30d");
  const user = commandUser(interaction);
  requireAllowed(checkUsageScope(user, scope, context.config.data.bot));
  const guildId = interaction.guildId ?? undefined;
  const records = await context.usage.list({
    since: usagePeriodStart(period, context.now()),
    ...(guildId === undefined ? {} : { guildId }),
    ...(scope === "me" ? { userId: user.userId } : {}),
  });
  await replyPrivately(interaction, formatUsageReport({ summary: summarizeUsage(records), scope, period, inGuild: user.inGuild }));
}
