/**
 * A member's batch draft in one channel: files queued with `/batch add` or "Add to batch" across messages, copied to
 * the batch bucket when they are queued (Discord's CDN links expire) under
 * `<[batch] prefix>drafts/<guild>/<channel>/<user>/<id>-<filename>`, and listed in the store (`batch-drafts`).
 * `/batch run` reads them back as file sources with their original names; `/batch clear` (or a submitted run)
 * deletes the copies and the draft. No discord.js here.
 */
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { InputSource } from "../../bedrock/batch/inputs/input-item.ts";
import { formatBytes } from "../../bedrock/batch/inputs/format-bytes.ts";
import { readS3Object } from "../../bedrock/batch/inputs/list-s3-prefix.ts";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { KeyvRepository } from "../../store/keyv-repository.ts";

/** Files one draft holds: five messages' worth of Discord's 10 attachments; `/batch run` reads them all at once. */
export const MAX_DRAFT_FILES = 50;

/** Whose draft, where. */
export interface DraftPlace {
  /** Absent in DMs. */
  guildId?: string;
  channelId: string;
  userId: string;
}

/** One queued file: its S3 copy and what the member called it. */
export interface DraftFile {
  key: string;
  filename: string;
  size: number;
  /** ISO time it was queued. */
  addedAt: string;
  /** The message it came from ("Add to batch"), if any. */
  messageId?: string;
}

export interface BatchDraft extends DraftPlace {
  bucket: string;
  /** The provider whose S3 client holds the copies. */
  provider: string;
  files: DraftFile[];
}

export interface DraftDeps {
  drafts: KeyvRepository<BatchDraft>;
  s3: S3Client;
  bucket: string;
  /** `[batch] prefix`. */
  prefix: string;
  provider: string;
  now(): Date;
  newId(): string;
}

/** A file to queue, already downloaded. */
export interface QueuedBytes {
  filename: string;
  bytes: Uint8Array;
  messageId?: string;
}

/** The store key of a draft: one per member per channel. */
export function draftIdOf(place: DraftPlace): string {
  return `${place.guildId ?? "dm"}/${place.channelId}/${place.userId}`;
}

/** `<prefix>drafts/<guild>/<channel>/<user>/<id>-<filename>`, the filename reduced to characters safe in a key. */
export function draftObjectKey(prefix: string, place: DraftPlace, id: string, filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 200);
  return `${prefix}drafts/${draftIdOf(place)}/${id}-${safe}`;
}

export async function readDraft(drafts: KeyvRepository<BatchDraft>, place: DraftPlace): Promise<BatchDraft | undefined> {
  return drafts.get(draftIdOf(place));
}

/** Copies the files to S3, then records them in the draft (created if need be); returns the draft. */
export async function addToDraft(deps: DraftDeps, place: DraftPlace, files: readonly QueuedBytes[]): Promise<BatchDraft> {
  const held = (await readDraft(deps.drafts, place))?.files.length ?? 0;
  if (held + files.length > MAX_DRAFT_FILES) {
    throw new UserFacingError(`A draft holds at most ${MAX_DRAFT_FILES} files and yours has ${held}: run it with \`/batch run\` or empty it with \`/batch clear\` first (a zip counts as one file).`);
  }
  const added: DraftFile[] = [];
  for (const file of files) {
    const key = draftObjectKey(deps.prefix, place, deps.newId(), file.filename);
    await deps.s3.send(new PutObjectCommand({ Bucket: deps.bucket, Key: key, Body: file.bytes, ContentLength: file.bytes.byteLength }));
    added.push({ key, filename: file.filename, size: file.bytes.byteLength, addedAt: deps.now().toISOString(), ...(file.messageId === undefined ? {} : { messageId: file.messageId }) });
  }
  const before = await readDraft(deps.drafts, place);
  const draft: BatchDraft = before ?? { ...place, bucket: deps.bucket, provider: deps.provider, files: [] };
  const next = { ...draft, files: [...draft.files, ...added] };
  await deps.drafts.put(draftIdOf(place), next);
  return next;
}

/** The draft's files read back from S3, under their original names. */
export async function draftSources(draft: BatchDraft, s3: S3Client): Promise<InputSource[]> {
  return Promise.all(draft.files.map(async (file) => ({ kind: "file" as const, filename: file.filename, bytes: await readS3Object(s3, { bucket: draft.bucket, key: file.key }) })));
}

/** Deletes the S3 copies, then the draft; returns how many files it held. */
export async function clearDraft(drafts: KeyvRepository<BatchDraft>, s3For: (provider: string) => S3Client, place: DraftPlace): Promise<number> {
  const draft = await readDraft(drafts, place);
  if (draft === undefined) return 0;
  const s3 = s3For(draft.provider);
  for (const file of draft.files) await s3.send(new DeleteObjectCommand({ Bucket: draft.bucket, Key: file.key }));
  await drafts.delete(draftIdOf(place));
  return draft.files.length;
}

/** `/batch draft`: one line per file, then the total. */
export function renderDraft(draft: BatchDraft | undefined): string {
  if (draft === undefined || draft.files.length === 0) return "Your draft in this channel is empty: queue files with `/batch add` or the message menu's **Add to batch**.";
  const total = draft.files.reduce((sum, file) => sum + file.size, 0);
  const lines = draft.files.map((file, index) => `${index + 1}. \`${file.filename}\` · ${formatBytes(file.size)}`);
  return [`🗂️ Your batch draft in this channel: ${draft.files.length} file${draft.files.length === 1 ? "" : "s"}, ${formatBytes(total)} in all.`, ...lines, "Submit it with `/batch run`, empty it with `/batch clear`."].join("\n").slice(0, 2000);
}
