/**
 * Which result files go into the completion notice as attachments, which are split into parts that fit the channel's
 * upload limit, and which are only linked (the caller uploads those to S3 and presigns a URL, see
 * `presignResultUrl`). Pure: sizes in, decisions out.
 *
 * The rule, for a user who has to download what we post:
 * - a file within the upload limit is attached;
 * - a CSV or JSONL file over it is split by records into at most 5 parts (`results.part1.csv`, the header repeated),
 *   if the notice has room for them; more parts than that are a chore to download and join, so it is linked;
 * - anything else over the limit (vectors.npy) is linked;
 * - a notice is at most 3 messages of 10 files (Discord: <= 10 attachments per message); files that do not fit are
 *   linked, the largest first, so the small files people open first (summary.json, a short results.csv) stay attached.
 *
 * Part counts are estimates (records do not pack parts exactly): a split gets a `maxParts` budget and the splitter
 * refuses to go past it (`splitResultFile`), in which case the caller links the file instead.
 */
import { formatBytes } from "../../bedrock/batch/inputs/format-bytes.ts";

/** Discord: 10 MiB per file for bots, webhooks and interaction responses (since 2025-01); `attachment_size_limit` may say more. */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;
/**
 * Discord's largest per-file limit for a bot in a guild (boost level 3: 100 MiB). A channel claiming more is not
 * believed: a claim that large is a bug, and a notice must not hold the upload of files that size.
 */
const MAX_UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;
/** Discord: <= 10 attachments per message. */
const MAX_FILES_PER_MESSAGE = 10;
/** A completion notice of more messages than this buries the channel: the rest is linked. */
const MAX_NOTICE_MESSAGES = 3;
/** More parts than this are linked: one link beats six downloads to be joined by hand. */
const MAX_PARTS_PER_FILE = 5;
/** Parts are estimated at this share of the limit: records rarely fill a part to the last byte. */
const PART_FILL = 0.9;

export interface ResultFile {
  /** The name users see (`results.csv`). */
  name: string;
  path: string;
  /** Bytes. */
  size: number;
}

export type AttachmentDecision =
  | { action: "attach"; file: ResultFile }
  /** Split with `splitResultFile(file.path, limit, { maxParts })`; link the file if that fails. */
  | { action: "split"; file: ResultFile; estimatedParts: number; maxParts: number }
  /** Upload to S3 and post a presigned link; `reason` is a sentence for the notice. */
  | { action: "link"; file: ResultFile; reason: string };

export interface AttachmentLimits {
  /** Bytes per file: the interaction's `attachment_size_limit`, else 10 MiB. */
  uploadLimitBytes?: number;
  maxMessages?: number;
}

/**
 * The limit to plan a notice with: the channel's `attachment_size_limit` when a boost raises it over Discord's
 * default (capped at `MAX_UPLOAD_LIMIT_BYTES`), else `defaultLimit` (10 MiB; tests lower it). A limit below the
 * default is never trusted: no channel allows bots less, so a smaller number is a stale or broken value.
 */
export function channelUploadLimit(channelLimit: number | undefined, defaultLimit = DEFAULT_UPLOAD_LIMIT_BYTES): number {
  if (channelLimit === undefined || !Number.isFinite(channelLimit) || channelLimit <= DEFAULT_UPLOAD_LIMIT_BYTES) return defaultLimit;
  return Math.max(defaultLimit, Math.min(Math.floor(channelLimit), MAX_UPLOAD_LIMIT_BYTES));
}

/** Whether `splitResultFile` can split it: records are lines (JSONL) or CSV records. */
function isSplittable(name: string): boolean {
  return /\.(csv|jsonl)$/i.test(name);
}

/** Decisions in the order of `files`. */
export function planResultAttachments(files: readonly ResultFile[], limits: AttachmentLimits = {}): AttachmentDecision[] {
  const limit = limits.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
  let slots = (limits.maxMessages ?? MAX_NOTICE_MESSAGES) * MAX_FILES_PER_MESSAGE;
  const decisions = new Map<ResultFile, AttachmentDecision>();
  const link = (file: ResultFile, reason: string) => decisions.set(file, { action: "link", file, reason });
  const size = formatBytes;

  // Smallest first: each file costs one slot when attached, or its parts when split.
  for (const file of [...files].sort((a, b) => a.size - b.size)) {
    if (file.size <= limit) {
      if (slots === 0) link(file, `${file.name} did not fit in the message: ${MAX_FILES_PER_MESSAGE} files per message at most.`);
      else {
        decisions.set(file, { action: "attach", file });
        slots -= 1;
      }
      continue;
    }
    if (!isSplittable(file.name)) {
      link(file, `${file.name} is ${size(file.size)}, over the ${size(limit)} upload limit.`);
      continue;
    }
    const estimatedParts = Math.ceil(file.size / (limit * PART_FILL));
    if (estimatedParts > MAX_PARTS_PER_FILE) {
      link(file, `${file.name} is ${size(file.size)}: it would take ${estimatedParts} parts of ${size(limit)} to attach.`);
    } else if (estimatedParts > slots) {
      link(file, `${file.name} is ${size(file.size)}, and its parts did not fit in the message.`);
    } else {
      const maxParts = Math.min(slots, MAX_PARTS_PER_FILE, estimatedParts + 1);
      decisions.set(file, { action: "split", file, estimatedParts, maxParts });
      slots -= maxParts;
    }
  }
  return files.flatMap((file) => decisions.get(file) ?? []);
}

/** Attachments in messages of at most 10, in order; always at least one (the notice itself, maybe without files). */
export function groupAttachments<F>(files: readonly F[]): F[][] {
  const groups: F[][] = [];
  for (let start = 0; start < files.length; start += MAX_FILES_PER_MESSAGE) groups.push(files.slice(start, start + MAX_FILES_PER_MESSAGE));
  return groups.length === 0 ? [[]] : groups;
}
