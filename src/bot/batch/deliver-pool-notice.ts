/**
 * A waiting-pool notice to one contributor — the pool filled (`pool-full/<contributionId>`) or its deadline passed
 * (`pool-expired/<contributionId>`) — posted exactly once by the same sequence as completion notices
 * (`deliverJobNotice`): the message ends with its marker line (`-# job pool-full/…`), so a bot that died after
 * posting finds it in the channel instead of posting it again. It goes to the submission's channel, replying to the
 * submission, else to the owner's DMs; when neither takes it, it is recorded undeliverable (and logged) so the sweep
 * stops trying.
 */
import type { PoolOwner } from "../../store/batch-pool.ts";
import type { PoolDispatchDeps } from "./batch-runtime-types.ts";
import { deliverJobNotice, type DeliveryOutcome } from "./deliver-job-notice.ts";
import { deliverToOwner } from "./deliver-to-owner.ts";
import { discordNoticeEffects } from "./discord-notice-effects.ts";
import { formatNoticeMarker } from "./job-notice-marker.ts";
import type { NoticeMessage } from "./render-job-notice.ts";

export interface PoolNotice {
  /** `noticeIdOf(poolNoticeName(kind), contributionId)`. */
  noticeId: string;
  owner: PoolOwner;
  /** The text after the mention, and its files; called once, and only when the notice must be posted. */
  render: () => Promise<{ text: string; files: { attachment: string; name: string }[] }>;
}

export type PoolNoticeOutcome = DeliveryOutcome | { outcome: "undeliverable" };

export async function deliverPoolNotice(notice: PoolNotice, deps: PoolDispatchDeps): Promise<PoolNoticeOutcome> {
  const { owner, noticeId } = notice;
  let rendered: Promise<NoticeMessage[]> | undefined;
  const render = () => (rendered ??= notice.render().then(({ text, files }) => [toMessage(owner, noticeId, text, files)]));
  const effects = discordNoticeEffects(deps.client, deps.runtime, render);
  return deliverToOwner(owner, noticeId, (target) => deliverJobNotice({ noticeId, target }, effects, { instanceId: deps.runtime.instanceId }), deps);
}

/** `<@user> text`, then the marker as a subtext line; replying to the submission when there is one. */
function toMessage(owner: PoolOwner, noticeId: string, text: string, files: NoticeMessage["files"]): NoticeMessage {
  return {
    content: `<@${owner.userId}> ${text}\n-# ${formatNoticeMarker(noticeId)}`,
    embeds: [],
    files,
    allowedMentions: { users: [owner.userId] },
    ...(owner.messageId === undefined ? {} : { reply: { messageReference: owner.messageId, failIfNotExists: false } }),
  };
}
