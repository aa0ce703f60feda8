/**
 * Where a notice goes when its submission's channel may be gone: that channel (or thread), else the owner's DMs.
 */
import type { JobOwner } from "../../store/job-owner.ts";
import type { Logger } from "../../create-logger.ts";
import type { BatchRuntime } from "./batch-runtime-types.ts";
import { isUnreachable, type NoticeTarget } from "./discord-notice-effects.ts";
import { errorMessage } from "../../format/error-message.ts";

/**
 * `deliver` to the submission's channel (or thread), else to the owner's DMs when the channel will not take it;
 * when neither does, the notice is recorded undeliverable (`/batch results` still posts a job's) so it is not tried
 * forever. Completion notices (`notifyJob`) and waiting-pool notices both go this way.
 */
export async function deliverToOwner<R>(owner: JobOwner, noticeId: string, deliver: (target: NoticeTarget) => Promise<R>, deps: { runtime: Pick<BatchRuntime, "notices" | "now">; logger: Logger }): Promise<R | { outcome: "undeliverable" }> {
  const channelId = owner.threadId ?? owner.channelId;
  if (channelId !== undefined) {
    try {
      return await deliver({ kind: "channel", channelId });
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      deps.logger.warn({ err: error, noticeId, channelId }, "the submission's channel is gone or closed to the bot; sending the notice by DM");
    }
  }
  try {
    return await deliver({ kind: "dm", userId: owner.userId });
  } catch (error) {
    if (!isUnreachable(error)) throw error;
    const reason = errorMessage(error);
    await deps.runtime.notices.put(noticeId, { undeliverable: { at: deps.runtime.now().toISOString(), reason } });
    deps.logger.error({ err: error, noticeId, userId: owner.userId }, "notice undeliverable (channel and DM refused)");
    return { outcome: "undeliverable" };
  }
}
