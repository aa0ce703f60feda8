/**
 * `/batch results job`: posts a finished job's notice again, in the channel where it is asked, as a new notice with
 * its own id (`<job>/repost-<interaction id>`) through the watcher's delivery path (`deliverJobNotice` with the
 * Discord effects: results attached, split, or linked). Its owner or an admin may ask (`checkJobAccess`). When the
 * job's own notice was recorded undeliverable (channel gone, DMs closed), a successful re-post becomes its receipt,
 * so the watcher stops counting it as lost. A re-post records no usage: the watcher recorded the job's spend once,
 * under the job's own notice id, before its first notice (`recordNoticeSpend`).
 */
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import { findJobRow } from "../../bedrock/batch/jobs/batch-store.ts";
import { jobStateTraits } from "../../bedrock/batch/jobs/job-state.ts";
import { JOB_OPTION } from "./batch-command-definition.ts";
import type { BatchCommandContext } from "./batch-command-context.ts";
import { checkJobAccess, type JobAccessRequest } from "./check-batch-permission.ts";
import { deliverJobNotice } from "./deliver-job-notice.ts";
import { discordNoticeEffects } from "./discord-notice-effects.ts";
import { noticeIdOf } from "./job-notice-marker.ts";
import { prepareJobNotice } from "./prepare-job-notice.ts";
import { renderJobNotice, type NoticeMessage } from "./render-job-notice.ts";

export async function handleBatchResults(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  const reference = interaction.options.getString(JOB_OPTION, true);
  const row = await findJobRow(context.batch.store, reference);
  if (row === undefined) throw new UserFacingError(`No batch job "${reference}" is known here.`);
  const access = checkJobAccess(row.owner, jobAccessRequest(interaction), "repost", context.config.data.bot);
  if (!access.allowed) throw new UserFacingError(access.reason);
  if (!jobStateTraits(row.state).terminal) throw new UserFacingError(`${row.jobName} is still ${jobStateTraits(row.state).label}: its results are posted when it ends.`);
  if (row.owner === undefined) throw new UserFacingError(`${row.jobName} was started from the command line; its results are in S3 (\`bdb batch results\`).`);

  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const noticeId = noticeIdOf(row.jobName, `repost-${interaction.id}`);
  let rendered: Promise<NoticeMessage[]> | undefined;
  // Posted here, not where the job was submitted: this channel's upload limit applies (a DM's, or another guild's).
  const here = { ...row, owner: { ...row.owner, uploadLimitBytes: interaction.attachmentSizeLimit } };
  const render = () =>
    (rendered ??= prepareJobNotice(here, context.batch, context.config).then((input) => {
      // A new notice, here: its own marker, and no reply to the submission (it may live in another channel).
      const { replyTo: _replyTo, ...rest } = input;
      return renderJobNotice({ ...rest, noticeId });
    }));
  const effects = discordNoticeEffects(interaction.client, context.batch, render);
  const outcome = await deliverJobNotice({ noticeId, target: { kind: "channel", channelId: interaction.channelId } }, effects, { instanceId: context.batch.instanceId });
  if (outcome.outcome === "claimed_elsewhere") throw new UserFacingError("These results are being posted already.");

  const jobNoticeId = noticeIdOf(row.jobName);
  const record = await context.batch.notices.get(jobNoticeId);
  if (record?.undeliverable !== undefined) {
    const receipt = outcome.outcome === "already_notified" ? outcome.receipt : { messageIds: outcome.messageIds, notifiedAt: context.now().toISOString(), recovered: false };
    await context.batch.notices.put(jobNoticeId, { receipt });
  }
  await interaction.editReply({ content: `📬 The results of ${row.jobName} are posted again in this channel.` });
}

export function jobAccessRequest(interaction: ChatInputCommandInteraction): JobAccessRequest {
  return {
    userId: interaction.user.id,
    ...(interaction.guildId === null ? {} : { guildId: interaction.guildId }),
    hasManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}
