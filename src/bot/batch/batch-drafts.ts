/**
 * A member's batch draft in one channel: files queued with `/batch add` or "Add to batch" across messages, copied to
 * the batch bucket when they are queued (Discord's CDN links expire) under
 * `<[batch] prefix>drafts/<guild>/<channel>/<user>/<id>-<filename>`, and listed in the store (`batch-drafts`).
 * `/batch run` reads them back as file sources with their original names; `/batch clear` (or a submitted run)
 * deletes the copies and the draft. A draft no file was added to for `[batch] draft_ttl_hours` expires: every read
 * (`readDraft`) finds it gone and deletes it with its copies, and `expireBatchDrafts` sweeps the ones nobody reads,
 * found through an index of drafts by when their newest file was added (`batch-drafts-index`, see `indexDrafts`).
 * No discord.js here.
 */
import { discordTime } from "../render/discord-time.ts";
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { InputSource } from "../../bedrock/batch/inputs/input-item.ts";
import { formatBytes } from "../../bedrock/batch/inputs/format-bytes.ts";
import { readS3Object } from "../../bedrock/batch/inputs/list-s3-prefix.ts";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import { IndexedRepository } from "../../store/indexed-repository.ts";
import type { KeyvRepository } from "../../store/keyv-repository.ts";
import type { ScoredIndex } from "../../store/scored-index.ts";

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
interface DraftFile {
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

/** Drafts by id (`draftIdOf`), indexed by when their newest file was added (`indexDrafts`). */
export type DraftRepository = IndexedRepository<BatchDraft>;

/** What reading a draft needs: expired drafts are deleted on the way, copies included. */
export interface DraftAccess {
  drafts: DraftRepository;
  /** The S3 client of a draft's provider (where its copies are). */
  s3For(provider: string): S3Client;
  now(): Date;
  /** `[batch] draft_ttl_hours`: hours after the last added file; 0 keeps drafts until they are run or cleared. */
  ttlHours: number;
}

export interface DraftDeps extends DraftAccess {
  bucket: string;
  /** `[batch] prefix`. */
  prefix: string;
  /** The provider whose S3 client takes new copies. */
  provider: string;
  newId(): string;
}

/** Some of a draft's files, by S3 key: what a plan made from the draft took (and removes once submitted). */
export interface DraftPick {
  place: DraftPlace;
  keys: string[];
}

const HOUR_MS = 60 * 60 * 1000;

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

/** When the newest file was added (epoch ms); undefined for a draft without files. */
function draftTouchedAt(draft: Pick<BatchDraft, "files">): number | undefined {
  return draft.files.length === 0 ? undefined : Math.max(...draft.files.map((file) => Date.parse(file.addedAt)));
}

/** When the draft expires: `ttlHours` after its newest file was added; undefined when it never does. */
export function draftExpiresAt(draft: Pick<BatchDraft, "files">, ttlHours: number): Date | undefined {
  const touched = draftTouchedAt(draft);
  if (ttlHours === 0 || touched === undefined) return undefined;
  return new Date(touched + ttlHours * HOUR_MS);
}

/** The newest file's time a draft must be below to have expired by `now` (`draftExpired` for the index). */
export function draftsTouchedBefore(ttlHours: number, now: Date): number {
  return now.getTime() - ttlHours * HOUR_MS + 1;
}

/**
 * The drafts in `rows`, indexed by when their newest file was added rather than by when they expire: the index then
 * holds whatever `[batch] draft_ttl_hours` says (0 included, and a changed one applies to drafts already queued),
 * and the sweep asks for the drafts touched before now less the TTL. A draft without files never expires: it sorts
 * last.
 */
export function indexDrafts(rows: KeyvRepository<BatchDraft>, index: ScoredIndex): DraftRepository {
  return new IndexedRepository<BatchDraft>({ rows, index, scoreOf: (draft) => draftTouchedAt(draft) ?? Number.MAX_SAFE_INTEGER, idOf: draftIdOf });
}

export function draftExpired(draft: Pick<BatchDraft, "files">, ttlHours: number, now: Date): boolean {
  const expiresAt = draftExpiresAt(draft, ttlHours);
  return expiresAt !== undefined && expiresAt.getTime() <= now.getTime();
}

/** The member's draft, or undefined when there is none or it expired (then it is deleted, copies first). */
export async function readDraft(access: DraftAccess, place: DraftPlace): Promise<BatchDraft | undefined> {
  const draft = await access.drafts.get(draftIdOf(place));
  if (draft === undefined || !draftExpired(draft, access.ttlHours, access.now())) return draft;
  await discardDraft(access, draft);
  return undefined;
}

/** Copies the files to S3, then records them in the draft (created if need be); returns the draft. */
export async function addToDraft(deps: DraftDeps, place: DraftPlace, files: readonly QueuedBytes[]): Promise<BatchDraft> {
  const held = (await readDraft(deps, place))?.files.length ?? 0;
  if (held + files.length > MAX_DRAFT_FILES) {
    throw new UserFacingError(`A draft holds at most ${MAX_DRAFT_FILES} files and yours has ${held}: run it with \`/batch run\` or empty it with \`/batch clear\` first (a zip counts as one file).`);
  }
  const added: DraftFile[] = [];
  const s3 = deps.s3For(deps.provider);
  for (const file of files) {
    const key = draftObjectKey(deps.prefix, place, deps.newId(), file.filename);
    await s3.send(new PutObjectCommand({ Bucket: deps.bucket, Key: key, Body: file.bytes, ContentLength: file.bytes.byteLength }));
    added.push({ key, filename: file.filename, size: file.bytes.byteLength, addedAt: deps.now().toISOString(), ...(file.messageId === undefined ? {} : { messageId: file.messageId }) });
  }
  const before = await readDraft(deps, place);
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
export async function clearDraft(access: DraftAccess, place: DraftPlace): Promise<number> {
  const draft = await readDraft(access, place);
  if (draft === undefined) return 0;
  await discardDraft(access, draft);
  return draft.files.length;
}

/**
 * Removes the picked files (copies first) and keeps the rest: files added after a plan was made from the draft stay
 * for the next run. The draft goes when nothing is left. Returns how many were removed.
 */
export async function removeFromDraft(access: DraftAccess, pick: DraftPick): Promise<number> {
  const draft = await readDraft(access, pick.place);
  if (draft === undefined) return 0;
  const picked = new Set(pick.keys);
  const removed = draft.files.filter((file) => picked.has(file.key));
  await deleteCopies(access, draft, removed);
  const rest = draft.files.filter((file) => !picked.has(file.key));
  if (rest.length === 0) await access.drafts.delete(draftIdOf(draft));
  else await access.drafts.put(draftIdOf(draft), { ...draft, files: rest });
  return removed.length;
}

/** Copies before the row: a failure in between leaves a draft that `/batch clear` or expiry still removes. */
async function discardDraft(access: DraftAccess, draft: BatchDraft): Promise<void> {
  await deleteCopies(access, draft, draft.files);
  await access.drafts.delete(draftIdOf(draft));
}

async function deleteCopies(access: DraftAccess, draft: BatchDraft, files: readonly DraftFile[]): Promise<void> {
  const s3 = access.s3For(draft.provider);
  for (const file of files) await s3.send(new DeleteObjectCommand({ Bucket: draft.bucket, Key: file.key }));
}

/** `/batch draft`: one line per file, the total, and when the draft expires. */
export function renderDraft(draft: BatchDraft | undefined, ttlHours: number): string {
  if (draft === undefined || draft.files.length === 0) return "Your draft in this channel is empty: queue files with `/batch add` or the message menu's **Add to batch**.";
  const total = draft.files.reduce((sum, file) => sum + file.size, 0);
  const lines = draft.files.map((file, index) => `${index + 1}. \`${file.filename}\` · ${formatBytes(file.size)}`);
  const expiresAt = draftExpiresAt(draft, ttlHours);
  const expiry = expiresAt === undefined ? [] : [`It expires ${discordTime(expiresAt)} unless you add a file before then.`];
  const head = `🗂️ Your batch draft in this channel: ${draft.files.length} file${draft.files.length === 1 ? "" : "s"}, ${formatBytes(total)} in all.`;
  const tail = ["Submit it with `/batch run`, empty it with `/batch clear`.", ...expiry];
  // The head and tail are what the member acts on: the file list is what gets cut to fit Discord's 2000 characters.
  const room = 2000 - [head, ...tail].join("\n").length - 2;
  return [head, clipLines(lines, room), ...tail].join("\n");
}

function clipLines(lines: readonly string[], room: number): string {
  const text = lines.join("\n");
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
}
