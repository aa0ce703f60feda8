/**
 * A finished job -> the messages of its completion notice, as plain payloads the edge sends with the bot token
 * (discord.js `MessageCreateOptions` as they are). Layout:
 *
 *     <@owner> your batch job on **nova-lite** is done: 997 of 1,000 records succeeded.     (pings the owner only)
 *     ┌ ✅ Batch job completed                                  (colour by state)
 *     │ Download: presigned links to files too large to attach (the description: never cut)
 *     │ Reason · What to do                                    (Failed / Expired / Stopped / refused / partial)
 *     │ State · Model · Duration · Succeeded · Failed · Skipped · Not processed · Tokens · Cost
 *     │ Failed records: the first 10 with their errors, "and N more in the results"
 *     │ Warnings
 *     └ nova-lite · job <id> · part 1/2                        (the marker `deliverJobNotice` scans for)
 *     + the first message's files;   then   -# job <id> · part 2/2  + the next files
 *
 * Fields are cut to fit Discord's embed limits (`fitEmbed`); links never are: those the description cannot hold
 * (presigned URLs with a session token run to 1,500 characters) get a message of their own after the files.
 *
 * It replies to the submission message (the interaction token is long dead; a reply needs READ_MESSAGE_HISTORY and
 * `failIfNotExists: false` keeps the notice if that message was deleted). Pure.
 */
import type { Provenance } from "../../bedrock/batch/batch-types.ts";
import { formatBytes } from "../../bedrock/batch/inputs/format-bytes.ts";
import { describeOrigin } from "../../bedrock/batch/inputs/input-item.ts";
import type { JobRowState } from "../../bedrock/batch/jobs/batch-job-row.ts";
import { jobStateTraits } from "../../bedrock/batch/jobs/job-state.ts";
import type { BatchCost } from "../../bedrock/batch/results/compute-batch-cost.ts";
import type { RecordError, ResultCounts, TokenUsage } from "../../bedrock/batch/results/result-types.ts";
import { discordTime } from "../render/discord-time.ts";
import { formatUsd } from "../../format/format-usd.ts";
import { DISCORD_MESSAGE_LIMIT } from "../render/split-message.ts";
import { EMBED_LIMITS, fitEmbed, truncateText, type EmbedField, type NoticeEmbed } from "./fit-embed.ts";
import { formatDuration } from "../render/format-duration.ts";
import { formatNoticeMarker } from "./job-notice-marker.ts";
import type { ResultFile } from "./plan-result-attachments.ts";

/** Failed records listed in the embed; the rest are counted, and are in results.csv with their errors. */
const LISTED_FAILURES = 10;
const LISTED_WARNINGS = 5;
/** One failed record's line stays a line. */
const FAILURE_LINE_CHARS = 160;

export interface JobNoticeInput {
  /** See `noticeIdOf`: the job name, or job name / contribution id. */
  noticeId: string;
  /** `[[models]]` name. */
  model: string;
  /** The job's end state (a terminal one). */
  state: JobRowState;
  /** Bedrock's `message` (why it failed, expired or stopped). */
  message?: string;
  ownerId: string;
  /** The message the job was submitted from: the notice replies to it. */
  replyTo?: string;
  /** Records in the job (this contributor's share, for a pooled job). */
  records: number;
  /** ISO: when the job was created, and when it ended. */
  createdAt: string;
  endedAt?: string;
  /** `[batch] timeout_hours`, for the advice on an Expired job. */
  timeoutHours: number;
  /** Absent when there was nothing to collect (Failed, Expired, refused). */
  results?: NoticeResults;
  /** Files to attach, grouped into messages (`groupAttachments` of the planned and split files). */
  attachments?: readonly (readonly ResultFile[])[];
  /** Files too large to attach, uploaded and presigned. */
  links?: readonly ResultLink[];
}

export interface NoticeResults {
  counts: Pick<ResultCounts, "records" | "succeeded" | "failed" | "notProcessed" | "skipped">;
  tokens: TokenUsage;
  /** Left out when the model has no prices. */
  cost?: BatchCost;
  /** Every failed record (ResultEntry's failed entries fit as they are); the first few are listed. */
  failed: readonly { provenance: Provenance; error: RecordError }[];
  warnings: readonly string[];
  /** `/batch submit sink:`: how many vectors went where, or why none did. */
  vectors?: string;
}

export interface ResultLink {
  name: string;
  url: string;
  size: number;
  /** ISO. */
  expiresAt: string;
}

/** One message of the notice, in the shape discord.js's `send` takes. */
export interface NoticeMessage {
  content: string;
  embeds: NoticeEmbed[];
  files: { attachment: string; name: string }[];
  allowedMentions: { users: string[] };
  reply?: { messageReference: string; failIfNotExists: boolean };
}

interface StateLook {
  title: string;
  color: number;
  /** After `your batch job on **model** `. */
  outcome: string;
  advice?: string;
}

export function renderJobNotice(input: JobNoticeInput): NoticeMessage[] {
  const look = stateLook(input);
  const groups = input.attachments === undefined || input.attachments.length === 0 ? [[]] : input.attachments;
  const { inDescription, own } = placeLinks(input.links ?? []);
  const parts = groups.length + own.length;
  const toFiles = (files: readonly ResultFile[]) => files.map((file) => ({ attachment: file.path, name: file.name }));
  const followUp = (content: string, files: readonly ResultFile[], part: number): NoticeMessage => ({
    content: `${content === "" ? "" : `${content}\n`}-# ${formatNoticeMarker(input.noticeId, part, parts)}`,
    embeds: [],
    files: toFiles(files),
    allowedMentions: { users: [] },
  });

  const embed = fitEmbed(
    {
      title: look.title,
      ...(inDescription.length === 0 ? {} : { description: [DOWNLOAD_HEADING, ...inDescription].join("\n") }),
      color: look.color,
      fields: fields(input, look),
      footer: { text: `${input.model} · ${formatNoticeMarker(input.noticeId, 1, parts)}` },
    },
    { keepDescription: true },
  );
  const first: NoticeMessage = {
    content: truncateText(`<@${input.ownerId}> your batch job on **${input.model}** ${look.outcome}`, DISCORD_MESSAGE_LIMIT),
    embeds: [embed],
    files: toFiles(groups[0] ?? []),
    allowedMentions: { users: [input.ownerId] },
    ...(input.replyTo === undefined ? {} : { reply: { messageReference: input.replyTo, failIfNotExists: false } }),
  };
  return [
    first,
    ...groups.slice(1).map((files, index) => followUp("", files, index + 2)),
    ...own.map((line, index) => followUp(line, [], groups.length + index + 1)),
  ];
}

const DOWNLOAD_HEADING = "**Download** (too large to attach):";
/** Room a follow-up keeps for its marker line. */
const MARKER_ROOM = 200;

/** Link lines into the description while they fit whole, the rest one per message. */
function placeLinks(links: readonly ResultLink[]): { inDescription: string[]; own: string[] } {
  const inDescription: string[] = [];
  const own: string[] = [];
  let length = DOWNLOAD_HEADING.length;
  for (const link of links) {
    const line = linkLine(link);
    if (own.length === 0 && length + 1 + line.length <= EMBED_LIMITS.description) {
      inDescription.push(line);
      length += 1 + line.length;
    } else {
      own.push(line.length <= DISCORD_MESSAGE_LIMIT - MARKER_ROOM ? line : `${link.name}: the download link is too long for Discord; \`/batch results\` posts the files again.`);
    }
  }
  return { inDescription, own };
}

function stateLook(input: JobNoticeInput): StateLook {
  const counts = input.results?.counts;
  const succeeded = counts === undefined ? "" : `: ${count(counts.succeeded)} of ${count(counts.records)} records succeeded`;
  const state = input.state;
  switch (state) {
    case "Completed":
      return { title: "✅ Batch job completed", color: 0x2ecc71, outcome: `is done${succeeded}.` };
    case "PartiallyCompleted":
      return {
        title: "⚠️ Batch job partially completed",
        color: 0xf1c40f,
        outcome: `is done, with errors${succeeded}${counts === undefined ? "" : `, ${count(counts.failed)} failed`}.`,
        advice: "The failed records and their errors are below and in the results (status `failed`); submit only those again to retry them.",
      };
    case "Stopped":
      return {
        title: "⏹️ Batch job stopped",
        color: 0x95a5a6,
        outcome: `was stopped${succeeded}.`,
        advice:
          "Records processed before the stop are in the results; the rest are marked `not_processed`. Only processed tokens are billed. Submit the rest again if you still need them.",
      };
    case "Failed":
      return {
        title: "❌ Batch job failed",
        color: 0xe74c3c,
        outcome: "failed.",
        advice: "Fix what the reason says (input format, permissions of the batch role, quotas), then submit again.",
      };
    case "Expired":
      return {
        title: "⌛ Batch job expired",
        color: 0xe67e22,
        outcome: "expired before Bedrock started it.",
        advice: `Bedrock never started the job within its timeout (${input.timeoutHours} h), so nothing was processed or billed. Resubmit, or raise \`timeout_hours\` in \`[batch]\` (up to 168).`,
      };
    case "create_failed":
      return {
        title: "❌ Bedrock refused the batch job",
        color: 0xe74c3c,
        outcome: "was refused by Bedrock; nothing was spent.",
        advice: "Fix what the reason says (input, model access, the batch role), then submit again.",
      };
    case "queued":
    case "submitting":
    case "Submitted":
    case "Validating":
    case "Scheduled":
    case "InProgress":
    case "Stopping":
      throw new Error(`no completion notice for a job that is still ${jobStateTraits(state).label}`);
    default: {
      const unexpected: never = state;
      throw new Error(`unknown job state ${String(unexpected)}`);
    }
  }
}

function fields(input: JobNoticeInput, look: StateLook): EmbedField[] {
  const list: EmbedField[] = [];
  const reason = input.message?.trim() ?? "";
  if (reason !== "") list.push({ name: "Reason", value: reason });
  if (look.advice !== undefined) list.push({ name: "What to do", value: look.advice });
  list.push({ name: "State", value: jobStateTraits(input.state).label, inline: true }, { name: "Model", value: input.model, inline: true });
  if (input.endedAt !== undefined) {
    list.push({ name: "Duration", value: formatDuration(Date.parse(input.endedAt) - Date.parse(input.createdAt)), inline: true });
  }
  const results = input.results;
  if (results === undefined) {
    list.push({ name: "Records", value: `${count(input.records)}, none processed`, inline: true });
  } else {
    const { counts, tokens, cost } = results;
    list.push(
      { name: "Succeeded", value: count(counts.succeeded), inline: true },
      { name: "Failed", value: count(counts.failed), inline: true },
      { name: "Skipped", value: count(counts.skipped), inline: true },
      { name: "Not processed", value: count(counts.notProcessed), inline: true },
      { name: "Tokens", value: `${count(tokens.inputTokens)} in · ${count(tokens.outputTokens)} out`, inline: true },
    );
    if (cost !== undefined) {
      list.push({
        name: "Cost",
        value: `${formatUsd(cost.batchUsd)} at the batch price\nsaved ${formatUsd(cost.savingUsd)} (on demand: ${formatUsd(cost.onDemandUsd)})`,
        inline: true,
      });
    }
    if (results.vectors !== undefined) list.push({ name: "Vectors", value: results.vectors });
    if (results.failed.length > 0) list.push({ name: "Failed records", value: failureList(results.failed) });
    if (results.warnings.length > 0) list.push({ name: "Warnings", value: bulletList(results.warnings, LISTED_WARNINGS, "more in summary.json") });
  }
  return list;
}

function failureList(failed: NoticeResults["failed"]): string {
  const lines = failed.slice(0, LISTED_FAILURES).map(({ provenance, error }) => {
    const prompt = provenance.prompt === "default" ? "" : ` (prompt ${provenance.prompt})`;
    // The row's first own field (usually its id) names it the way the user's file does.
    const first = provenance.columns?.[0];
    const own = first === undefined ? "" : ` (${first[0]}=${first[1]})`;
    return truncateText(`• ${describeOrigin(provenance)}${own}${prompt}: ${String(error.errorCode)} ${error.errorMessage}`, FAILURE_LINE_CHARS);
  });
  const more = failed.length - lines.length;
  if (more > 0) lines.push(`…and ${count(more)} more, with their errors, in the results (status \`failed\`).`);
  return lines.join("\n");
}

function bulletList(items: readonly string[], max: number, moreWhere: string): string {
  const lines = items.slice(0, max).map((item) => truncateText(`• ${item}`, FAILURE_LINE_CHARS));
  if (items.length > max) lines.push(`…and ${items.length - max} ${moreWhere}.`);
  return lines.join("\n");
}

function linkLine(link: ResultLink): string {
  return `[${link.name}](${link.url}) · ${formatBytes(link.size)} · link expires ${discordTime(link.expiresAt, "R")}`;
}


const count = (n: number): string => n.toLocaleString("en-US");
