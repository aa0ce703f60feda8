/**
 * The mark a job's completion notice carries, so a restarted bot can tell from the channel alone whether the notice
 * was already posted (the crash between "posted" and "recorded as posted"). Every message of a notice ends with it:
 * the embed footer of the first message, a subtext line of the follow-ups that only carry files.
 *
 *     job bdb-20250301-ab12cd-1                     a notice in one message
 *     job bdb-20250301-ab12cd-1 · part 2/3          one of several messages
 *     job bdb-20250301-ab12cd-1/c7f3a9 · part 1/1   one contributor's share of a pooled job
 *
 * The notice id is the job name (the job row's key, what `/batch status` accepts; jobs Bedrock refused have no
 * AWS id), with `/<contributionId>` for a contributor of a pooled job. Pure.
 */

/** Which message of a notice one scanned message is. */
export interface PostedPart {
  messageId: string;
  /** 1-based. */
  part: number;
  parts: number;
}

/** A recent message of the channel, as the edge fetched it. */
export interface ScannedMessage {
  id: string;
  authorId: string;
  content: string;
  /** Footer texts of its embeds. */
  embedFooters: readonly string[];
}

const NOTICE_ID = /^[A-Za-z0-9][A-Za-z0-9+.-]*(\/[A-Za-z0-9-]+)?$/;
const MARKER_LINE = /^(?:-#\s+)?(?:.*·\s)?job ([A-Za-z0-9][A-Za-z0-9+./-]*)(?: · part (\d+)\/(\d+))?\s*$/;

/** The notice id of a job, or of one contributor's share of a pooled job. */
export function noticeIdOf(jobName: string, contributionId?: string): string {
  const id = contributionId === undefined ? jobName : `${jobName}/${contributionId}`;
  if (!NOTICE_ID.test(id)) throw new Error(`"${id}" cannot be a notice id: job names and contribution ids of letters, digits, + . -`);
  return id;
}

/** `job <id>`, or `job <id> · part k/n` when the notice takes several messages. */
export function formatNoticeMarker(noticeId: string, part = 1, parts = 1): string {
  return parts === 1 ? `job ${noticeId}` : `job ${noticeId} · part ${part}/${parts}`;
}

/** The marker at the end of a footer or of a content line, if there is one. */
export function parseNoticeMarker(line: string): { noticeId: string; part: number; parts: number } | undefined {
  const match = MARKER_LINE.exec(line);
  if (match?.[1] === undefined) return undefined;
  const part = Number(match[2] ?? 1);
  const parts = Number(match[3] ?? 1);
  if (part < 1 || part > parts) return undefined;
  return { noticeId: match[1], part, parts };
}

/** The parts of notice `noticeId` among the bot's own messages, one per part (the oldest if one was posted twice). */
export function findPostedParts(messages: readonly ScannedMessage[], options: { botUserId: string; noticeId: string }): PostedPart[] {
  const found = new Map<number, PostedPart>();
  for (const message of messages) {
    if (message.authorId !== options.botUserId) continue;
    for (const line of [...message.embedFooters, ...message.content.split("\n")]) {
      const marker = parseNoticeMarker(line);
      if (marker?.noticeId !== options.noticeId) continue;
      const seen = found.get(marker.part);
      if (seen === undefined || isOlderSnowflake(message.id, seen.messageId)) {
        found.set(marker.part, { messageId: message.id, part: marker.part, parts: marker.parts });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.part - b.part);
}

/** The parts (1-based) of a notice of `parts` messages that were not found posted. */
export function missingParts(parts: number, posted: readonly PostedPart[]): number[] {
  const found = new Set(posted.filter((part) => part.parts === parts).map((part) => part.part));
  return Array.from({ length: parts }, (_, index) => index + 1).filter((part) => !found.has(part));
}

/** Snowflakes are decimal strings that grow with time: the shorter is older, then the lexically smaller. */
function isOlderSnowflake(a: string, b: string): boolean {
  return a.length === b.length ? a < b : a.length < b.length;
}

/** Whether the found parts are a whole notice: parts 1..n of the n they state. */
export function isWholeNotice(posted: readonly PostedPart[]): boolean {
  const parts = posted[0]?.parts;
  if (parts === undefined) return false;
  return posted.length === parts && posted.every((found, index) => found.part === index + 1 && found.parts === parts);
}
