/**
 * A CSV or JSONL result file -> parts that each fit the upload limit, streamed (the file is never read whole; at
 * most one record and one part buffer are held). Parts break only between records: JSONL at newlines; CSV at
 * newlines outside quoted fields (an answer with line breaks is one quoted cell spread over several lines), and
 * every CSV part starts with the header row again, so each opens on its own in a spreadsheet.
 *
 * Names: `results.csv` -> `results.part1.csv`, `results.part2.csv`, ... next to the file (or in `outDir`).
 * A record too large for a part of its own, or more parts than `maxParts`, means the file cannot be attached: the
 * parts written are removed and the reason returned, for the caller to link the file instead.
 */
import { createReadStream } from "node:fs";
import { open, rm, type FileHandle } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { formatBytes } from "../../bedrock/batch/inputs/format-bytes.ts";
import type { ResultFile } from "./plan-result-attachments.ts";

export interface SplitOptions {
  /** Give up past this many parts. Default: no limit. */
  maxParts?: number;
  /** Where parts are written; default: the file's folder. */
  outDir?: string;
}

export type SplitResult = { split: true; parts: ResultFile[] } | { split: false; reason: string };

const NEWLINE = 0x0a;
const QUOTE = 0x22;
/** Bytes gathered before one write to a part. */
const WRITE_BATCH = 1024 * 1024;

class CannotSplit extends Error {}

export async function splitResultFile(path: string, limitBytes: number, options: SplitOptions = {}): Promise<SplitResult> {
  const extension = extname(path);
  const csv = extension.toLowerCase() === ".csv";
  if (!csv && extension.toLowerCase() !== ".jsonl") throw new Error(`only .csv and .jsonl result files can be split, not ${basename(path)}`);
  const stem = basename(path, extension);
  const outDir = options.outDir ?? dirname(path);
  const parts: ResultFile[] = [];
  let current: { file: FileHandle; size: number; pending: Buffer[]; pendingSize: number } | undefined;
  let header: Buffer | undefined;

  const flush = async () => {
    if (current === undefined || current.pendingSize === 0) return;
    await current.file.write(Buffer.concat(current.pending, current.pendingSize));
    current.pending = [];
    current.pendingSize = 0;
  };
  const closePart = async () => {
    if (current === undefined) return;
    await flush();
    await current.file.close();
    const last = parts.at(-1);
    if (last !== undefined) last.size = current.size;
    current = undefined;
  };
  const append = async (bytes: Buffer) => {
    if (current === undefined) throw new Error("no open part");
    current.pending.push(bytes);
    current.pendingSize += bytes.length;
    current.size += bytes.length;
    if (current.pendingSize >= WRITE_BATCH) await flush();
  };
  const openPart = async () => {
    if (options.maxParts !== undefined && parts.length >= options.maxParts) {
      throw new CannotSplit(`it would take more than ${options.maxParts} parts of ${formatBytes(limitBytes)}`);
    }
    const name = `${stem}.part${parts.length + 1}${extension}`;
    const partPath = join(outDir, name);
    parts.push({ name, path: partPath, size: 0 });
    current = { file: await open(partPath, "w"), size: 0, pending: [], pendingSize: 0 };
    if (header !== undefined) await append(header);
  };

  try {
    for await (const record of readRecords(path, csv, limitBytes)) {
      if (csv && header === undefined) {
        header = record;
        continue;
      }
      const room = limitBytes - (header?.length ?? 0);
      if (record.length > room) {
        throw new CannotSplit(`one record is ${formatBytes(record.length)}, more than a part of ${formatBytes(limitBytes)} can hold`);
      }
      if (current === undefined || current.size + record.length > limitBytes) {
        await closePart();
        await openPart();
      }
      await append(record);
    }
    // A CSV with nothing but its header is still a (one-part) file.
    if (parts.length === 0) await openPart();
    await closePart();
    return { split: true, parts };
  } catch (error) {
    await current?.file.close().catch(() => undefined);
    await Promise.all(parts.map((part) => rm(part.path, { force: true })));
    if (error instanceof CannotSplit) return { split: false, reason: `${basename(path)} cannot be split: ${error.message}` };
    throw error;
  }
}

/**
 * The file's records, each with its line break. CSV: a newline inside quotes belongs to the record (`""` inside a
 * quoted field closes and reopens it, which keeps the count right). Throws `CannotSplit` once a record grows past
 * `maxRecordBytes`, before holding more of it.
 */
async function* readRecords(path: string, csv: boolean, maxRecordBytes: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingSize = 0;
  let inQuotes = false;
  const take = (piece: Buffer): Buffer => {
    const record = pending.length === 0 ? piece : Buffer.concat([...pending, piece], pendingSize + piece.length);
    pending = [];
    pendingSize = 0;
    return record;
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    let position = 0;
    // Each next newline and quote is searched once, not once per step: a line full of `""` must not rescan the rest.
    let newline = chunk.indexOf(NEWLINE);
    let quote = csv ? chunk.indexOf(QUOTE) : -1;
    const next = (found: number, byte: number) => (found !== -1 && found < position ? chunk.indexOf(byte, position) : found);
    while (position < chunk.length) {
      quote = next(quote, QUOTE);
      if (inQuotes) {
        if (quote === -1) break;
        inQuotes = false;
        position = quote + 1;
        continue;
      }
      newline = next(newline, NEWLINE);
      if (quote !== -1 && (newline === -1 || quote < newline)) {
        inQuotes = true;
        position = quote + 1;
        continue;
      }
      if (newline === -1) break;
      yield take(chunk.subarray(start, newline + 1));
      start = position = newline + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingSize += chunk.length - start;
      if (pendingSize > maxRecordBytes) throw new CannotSplit(`one record is more than ${formatBytes(maxRecordBytes)}, what a part can hold`);
    }
  }
  if (pendingSize > 0) yield take(Buffer.alloc(0));
}
