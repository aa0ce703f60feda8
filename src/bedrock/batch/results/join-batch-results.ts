/**
 * Joining output lines to the plan by recordId: a reducer fed one parsed line at a time (in whatever order Bedrock
 * wrote them), then finished against the plan so that every input appears exactly once — succeeded, failed, not
 * processed, or skipped — and anything that does not fit (unknown ids, duplicates, unreadable lines) is reported.
 *
 * Only the small per-record rows are kept (vectors are `VectorRef`s into a store), never the echoed inputs.
 */
import type { Provenance, SkippedInput } from "../batch-types.ts";
import { checkEntriesAgainstSchema } from "../structured/check-against-schema.ts";
import type { OutputSchema } from "../structured/output-schema.ts";
import { extractJsonFields, type FieldRequest } from "./extract-json-fields.ts";
import type {
  BatchManifest,
  BatchResults,
  OutputLocation,
  OutputProblem,
  ParsedOutputLine,
  ResultCounts,
  ResultEntry,
  ResultRow,
  TokenTotals,
  VectorRef,
} from "./result-types.ts";

interface FoundRow {
  row: ResultRow<VectorRef>;
  at: OutputLocation;
  notes: string[];
}

interface JobUsage {
  inputTokens: number;
  outputTokens: number;
  /** Successes whose output reported no usage (their tokens are not in the sums). */
  withoutUsage: number;
}

export interface ResultsJoinState {
  provenance: ReadonlyMap<string, Provenance>;
  found: Map<string, FoundRow>;
  problems: OutputProblem[];
  /** Per-record usage summed per job: the token totals when a job has no manifest. */
  usageByJob: Map<string, JobUsage>;
}

/** Start a join against the plan's provenance (recordId -> where it came from, in input order). */
export function createResultsJoin(provenance: ReadonlyMap<string, Provenance>): ResultsJoinState {
  return { provenance, found: new Map(), problems: [], usageByJob: new Map() };
}

/**
 * Add one parsed output line. Mutates and returns `state`: copying maps per line would make a 50,000-record job
 * quadratic.
 */
export function addOutputLine(state: ResultsJoinState, parsed: ParsedOutputLine<VectorRef>, at: OutputLocation): ResultsJoinState {
  if ("malformed" in parsed) {
    state.problems.push({ kind: "malformed", at, detail: parsed.malformed });
    return state;
  }
  // Bedrock bills every processed line, whichever record it names.
  addUsage(state, parsed, at.job);
  const { recordId } = parsed;
  if (!state.provenance.has(recordId)) {
    const detail = `recordId ${recordId} is not in the plan (${describeRow(parsed)})`;
    state.problems.push({ kind: "unknown_record", at, recordId, detail });
    return state;
  }
  const first = state.found.get(recordId);
  if (first !== undefined) {
    const detail = `recordId ${recordId} appears again (${describeRow(parsed)}); the first output, ${describeLocation(first.at)}, is kept`;
    state.problems.push({ kind: "duplicate", at, recordId, detail });
    first.notes.push(`duplicate output ignored at ${describeLocation(at)} (${describeRow(parsed)})`);
    return state;
  }
  state.found.set(recordId, { row: parsed, at, notes: [] });
  return state;
}

/** What the join needs besides the lines. */
export interface FinishJoinOptions {
  /** Inputs the plan skipped, with reasons. */
  skipped: readonly SkippedInput[];
  /** Every job (or local directory) whose outputs were read, including ones without a single line. */
  jobs: readonly string[];
  /** Manifest per job, where one was found. */
  manifests: ReadonlyMap<string, BatchManifest>;
  /** Structured extraction of fields from output text; none when absent. */
  extract?: FieldRequest;
  /** A schema run: its properties are the fields, and every answer is validated (over `extract`). */
  schema?: OutputSchema;
  /** Warnings gathered while reading (a manifest that did not parse), put first. */
  warnings?: readonly string[];
  /**
   * Only some records of each job are read (one contributor's share of a pooled job): the manifests count whole jobs,
   * so the tokens are the records' own usage, and the manifests' counts are not compared with the lines.
   */
  shareOfJobs?: boolean;
}

export function finishResultsJoin(state: ResultsJoinState, options: FinishJoinOptions): BatchResults {
  const entries: ResultEntry[] = [];
  for (const [recordId, provenance] of state.provenance) {
    const found = state.found.get(recordId);
    if (found === undefined) entries.push({ recordId, provenance, status: "not_processed", notes: [] });
    else entries.push({ ...found.row, provenance, at: found.at, notes: [...found.notes] });
  }
  if (options.schema !== undefined) checkEntriesAgainstSchema(entries, options.schema);
  const fieldNames = options.schema !== undefined ? [...options.schema.properties] : options.extract === undefined ? [] : extractFields(entries, options.extract);
  const counts = countResults(entries, options.skipped.length, state.problems);
  const tokens = totalTokens(state, options);
  const manifests = Object.fromEntries([...options.manifests].filter(([job]) => options.jobs.includes(job)));
  const warnings = [...(options.warnings ?? []), ...describeProblems(state, options, counts)];
  const inputColumns = inputColumnNames(entries);
  return {
    entries,
    skipped: [...options.skipped],
    problems: state.problems,
    counts,
    tokens,
    manifests,
    fieldNames,
    inputColumns,
    warnings,
    ...(options.schema === undefined ? {} : { schemaName: options.schema.name }),
  };
}

/** Union of the entries' own column names, in the order first seen (files with different headers add theirs after). */
function inputColumnNames(entries: readonly ResultEntry[]): string[] {
  const names = new Set<string>();
  for (const entry of entries) for (const [name] of entry.provenance.columns ?? []) names.add(name);
  return [...names];
}

function addUsage(state: ResultsJoinState, row: ResultRow<VectorRef>, job: string): void {
  if (row.status !== "succeeded") return;
  const usage = state.usageByJob.get(job) ?? { inputTokens: 0, outputTokens: 0, withoutUsage: 0 };
  if (row.output.usage === undefined) usage.withoutUsage++;
  else {
    usage.inputTokens += row.output.usage.inputTokens;
    usage.outputTokens += row.output.usage.outputTokens;
  }
  state.usageByJob.set(job, usage);
}

/** Fills `fields` and notes of text successes; returns the column names. */
function extractFields(entries: ResultEntry[], request: FieldRequest): string[] {
  const names = new Set<string>(request === "auto" ? [] : request);
  for (const entry of entries) {
    if (entry.status !== "succeeded" || entry.output.kind !== "text") continue;
    const extracted = extractJsonFields(entry.output.text, request);
    entry.fields = extracted.fields;
    entry.notes.push(...extracted.notes);
    for (const name of Object.keys(extracted.fields)) names.add(name);
  }
  // "auto": a row gets empty cells for keys only other rows had.
  for (const entry of entries) {
    if (entry.fields === undefined) continue;
    for (const name of names) entry.fields[name] ??= "";
  }
  return [...names];
}

function countResults(entries: readonly ResultEntry[], skipped: number, problems: readonly OutputProblem[]): ResultCounts {
  const count = (status: ResultEntry["status"]): number => entries.filter((entry) => entry.status === status).length;
  const problemCount = (kind: OutputProblem["kind"]): number => problems.filter((problem) => problem.kind === kind).length;
  return {
    inputs: entries.length + skipped,
    records: entries.length,
    succeeded: count("succeeded"),
    failed: count("failed"),
    notProcessed: count("not_processed"),
    skipped,
    malformedLines: problemCount("malformed"),
    unknownRecords: problemCount("unknown_record"),
    duplicates: problemCount("duplicate"),
  };
}

function totalTokens(state: ResultsJoinState, options: FinishJoinOptions): TokenTotals {
  let inputTokens = 0;
  let outputTokens = 0;
  let fromManifest = 0;
  for (const job of options.jobs) {
    const manifest = options.shareOfJobs === true ? undefined : options.manifests.get(job);
    if (manifest !== undefined) {
      fromManifest++;
      inputTokens += manifest.inputTokenCount;
      outputTokens += manifest.outputTokenCount;
    } else {
      const usage = state.usageByJob.get(job);
      inputTokens += usage?.inputTokens ?? 0;
      outputTokens += usage?.outputTokens ?? 0;
    }
  }
  const source = fromManifest === 0 ? "records" : fromManifest === options.jobs.length ? "manifest" : "mixed";
  return { inputTokens, outputTokens, source };
}

function describeProblems(state: ResultsJoinState, options: FinishJoinOptions, counts: ResultCounts): string[] {
  const warnings: string[] = [];
  if (options.jobs.length === 0) warnings.push("No batch output files were found.");
  const withoutManifest = options.jobs.filter((job) => options.shareOfJobs === true || !options.manifests.has(job));
  if (withoutManifest.length > 0) {
    if (options.shareOfJobs !== true) warnings.push(`No manifest.json.out for ${withoutManifest.join(", ")}: token totals there are summed from per-record usage.`);
    const withoutUsage = withoutManifest.reduce((sum, job) => sum + (state.usageByJob.get(job)?.withoutUsage ?? 0), 0);
    if (withoutUsage > 0) warnings.push(`Token totals undercount: ${plural(withoutUsage, "result")} reported no token usage.`);
  }
  if (counts.notProcessed > 0) {
    warnings.push(`${plural(counts.notProcessed, "record")} not processed (no output line: the job stopped, expired or failed first).`);
  }
  if (counts.failed > 0) warnings.push(`${plural(counts.failed, "record")} failed; see the error column.`);
  const firstOf = (kind: OutputProblem["kind"]): OutputProblem | undefined => state.problems.find((problem) => problem.kind === kind);
  const malformed = firstOf("malformed");
  if (malformed !== undefined) {
    const what = plural(counts.malformedLines, "output line");
    warnings.push(`${what} could not be read (first: ${describeLocation(malformed.at)}: ${malformed.detail}).`);
  }
  if (counts.unknownRecords > 0) warnings.push(`recordIds not in the plan on ${plural(counts.unknownRecords, "output line")}.`);
  if (counts.duplicates > 0) {
    warnings.push(`Repeated recordIds on ${plural(counts.duplicates, "output line")}; the first output of each record was kept.`);
  }
  if (withoutManifest.length === 0 && options.jobs.length > 0) {
    const processed = [...options.manifests.values()].reduce((sum, manifest) => sum + manifest.processedRecordCount, 0);
    const lines = counts.succeeded + counts.failed + counts.unknownRecords + counts.duplicates;
    if (processed !== lines) warnings.push(`Processed records: ${processed} by the manifests, ${lines} in the outputs.`);
  }
  return warnings;
}

/** `1 record`, `2 records`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function describeRow(row: ResultRow<VectorRef>): string {
  return row.status === "succeeded" ? "succeeded" : `failed: ${row.error.errorCode}`;
}

function describeLocation(at: OutputLocation): string {
  return `${at.file}:${at.line}`;
}
