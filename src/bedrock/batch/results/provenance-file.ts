/**
 * The plan's provenance on disk, so results can be joined later or elsewhere (`batch results --plan <dir>`):
 * - `provenance.jsonl`: one `{"recordId", "source", "member"?, "row"?, "prompt", "columns"?}` per record, in input
 *   order (`columns`: the row's kept fields as `[name, value]` pairs);
 * - `skipped.jsonl`: one `{"input", "reason"}` per input that did not become a record.
 * The planner writes both with `writeProvenanceFile`; results read them with `readProvenanceFile`.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import type { BatchRecord, Provenance, SkippedInput } from "../batch-types.ts";
import { summarizeSchemaIssues } from "./summarize-schema-issues.ts";
import { errorMessage } from "../../../format/error-message.ts";
import { pathExists } from "./path-exists.ts";

export const PROVENANCE_FILE_NAME = "provenance.jsonl";
export const SKIPPED_FILE_NAME = "skipped.jsonl";

/** What `provenance.jsonl` holds per record. */
export type ProvenanceRecord = Pick<BatchRecord, "recordId" | "provenance">;

/** A plan's provenance, read back. */
export interface PlanProvenance {
  /** recordId -> provenance, in input order (the file's order). */
  provenance: Map<string, Provenance>;
  skipped: SkippedInput[];
}

const provenanceLineSchema = z.object({
  recordId: z.string().min(1),
  source: z.string(),
  member: z.string().optional(),
  row: z.int().positive().optional(),
  prompt: z.string(),
  columns: z.array(z.tuple([z.string(), z.string()])).optional(),
});

const skippedLineSchema = z.object({ input: z.string(), reason: z.string() });

/** One `provenance.jsonl` line (without newline); keys in a fixed order, absent optional keys left out. */
export function formatProvenanceLine({ recordId, provenance }: ProvenanceRecord): string {
  const { source, member, row, prompt, columns } = provenance;
  return JSON.stringify({ recordId, source, member, row, prompt, columns });
}

/** One `skipped.jsonl` line (without newline). */
export function formatSkippedLine({ input, reason }: SkippedInput): string {
  return JSON.stringify({ input, reason });
}

/** Writes `provenance.jsonl` and `skipped.jsonl` into `dir` (which must exist), streaming the records. */
export async function writeProvenanceFile(
  dir: string,
  records: Iterable<ProvenanceRecord> | AsyncIterable<ProvenanceRecord>,
  skipped: Iterable<SkippedInput>,
): Promise<void> {
  await pipeline(Readable.from(linesOf(records, formatProvenanceLine)), createWriteStream(join(dir, PROVENANCE_FILE_NAME)));
  await pipeline(Readable.from(linesOf(skipped, formatSkippedLine)), createWriteStream(join(dir, SKIPPED_FILE_NAME)));
}

/**
 * Reads a plan directory's provenance. A missing `skipped.jsonl` means nothing was skipped; a missing or broken
 * `provenance.jsonl` is an error naming the file and line.
 */
export async function readProvenanceFile(dir: string): Promise<PlanProvenance> {
  const provenancePath = join(dir, PROVENANCE_FILE_NAME);
  if (!(await pathExists(provenancePath))) {
    throw new Error(`${provenancePath} not found: --plan must be a directory written by \`batch plan --out\``);
  }
  const provenance = new Map<string, Provenance>();
  for await (const { value, where } of readJsonLines(provenancePath, provenanceLineSchema)) {
    const { recordId, source, member, row, prompt, columns } = value;
    if (provenance.has(recordId)) throw new Error(`${where}: recordId ${recordId} appears twice`);
    provenance.set(recordId, withoutUndefined({ source, member, row, prompt, columns }));
  }
  const skippedPath = join(dir, SKIPPED_FILE_NAME);
  const skipped: SkippedInput[] = [];
  if (await pathExists(skippedPath)) {
    for await (const { value } of readJsonLines(skippedPath, skippedLineSchema)) skipped.push(value);
  }
  return { provenance, skipped };
}

async function* linesOf<T>(items: Iterable<T> | AsyncIterable<T>, format: (item: T) => string): AsyncGenerator<string> {
  for await (const item of items) yield `${format(item)}\n`;
}

async function* readJsonLines<T>(path: string, schema: z.ZodType<T>): AsyncGenerator<{ value: T; where: string }> {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === "") continue;
    const where = `${path}:${number}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not JSON (${errorMessage(error)})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error(`${where}: ${summarizeSchemaIssues(parsed.error, "(line)")}`);
    yield { value: parsed.data, where };
  }
}

/** Provenance without `member: undefined` keys, so it compares equal to what the planner built. */
function withoutUndefined(provenance: Provenance): Provenance {
  const { member, row, columns, ...rest } = provenance;
  return {
    ...rest,
    ...(member === undefined ? {} : { member }),
    ...(row === undefined ? {} : { row }),
    ...(columns === undefined ? {} : { columns }),
  };
}
