/**
 * Submissions in the store: one row each (`batch-submissions`, by id), and two indexes that keep reads proportional
 * to what matters: `open` (every submission not in a final state, by creation time) for the watcher's cycle, and
 * `archive` (final ones, by the time they ended) for `[batch] keep_finished_days`. Nothing here scans a namespace
 * except `archived()`, which `/batch list` and `/batch results` use and which the retention keeps bounded.
 *
 * Write order, so a process dying in between loses nothing: a new submission enters the open index before its row
 * is written (an id without a row is skipped and dropped); a final one is written, enters the archive, and only then
 * leaves the open index (a final row still in the open index is archived by the next `open()`). `forget` deletes the
 * row before the archive entry (an entry without a row is dropped by the next `archivedBefore()`).
 */
import { KeyvRepository } from "../../../store/keyv-repository.ts";
import { openKeyv } from "../../../store/open-keyv.ts";
import { openScoredIndex, type ScoredIndex } from "../../../store/scored-index.ts";
import { isFinalState, type Submission } from "./submission.ts";

export const SUBMISSIONS_NAMESPACE = "batch-submissions";
export const OPEN_SUBMISSIONS_INDEX = "batch-submissions-open";
export const ARCHIVED_SUBMISSIONS_INDEX = "batch-submissions-archive";

/** How many archived submissions one retention pass deletes at most (the rest wait for the next cycle). */
const PURGE_BATCH = 200;

export interface SubmissionStore {
  get(id: string): Promise<Submission | undefined>;
  /** Writes the row and moves it between the indexes its state calls for. */
  save(submission: Submission): Promise<void>;
  /** Every submission not in a final state (or with effects still to do), oldest first. */
  open(): Promise<Submission[]>;
  /** Every archived submission (a scan: for listings, not for the poll cycle). */
  archived(): Promise<Submission[]>;
  /** Archived submissions that ended before `before`, at most a batch of them, oldest first: for the retention. */
  archivedBefore(before: Date): Promise<Submission[]>;
  /** Deletes an archived submission's row and index entry. */
  forget(id: string): Promise<void>;
  /** Store reads so far (rows and index reads), for the poll-cycle benchmark. */
  readonly reads: number;
  close(): Promise<void>;
}

/**
 * Final, and nothing left to do: a submission that reached a final state with effects still pending (the held
 * records of a cancelled plan to delete) stays open until the watcher has done them.
 */
function archivable(submission: Submission): boolean {
  return isFinalState(submission.state) && submission.pending.length === 0;
}

export function openSubmissionStore(url: string, namespacePrefix = ""): SubmissionStore {
  const rows = new KeyvRepository<Submission>(openKeyv<Submission>(url, namespacePrefix + SUBMISSIONS_NAMESPACE));
  const open = openScoredIndex(url, namespacePrefix + OPEN_SUBMISSIONS_INDEX);
  const archive = openScoredIndex(url, namespacePrefix + ARCHIVED_SUBMISSIONS_INDEX);
  return new IndexedSubmissionStore(rows, open, archive);
}

class IndexedSubmissionStore implements SubmissionStore {
  #reads = 0;
  readonly #rows: KeyvRepository<Submission>;
  readonly #open: ScoredIndex;
  readonly #archive: ScoredIndex;

  constructor(rows: KeyvRepository<Submission>, open: ScoredIndex, archive: ScoredIndex) {
    this.#rows = rows;
    this.#open = open;
    this.#archive = archive;
  }

  get reads(): number {
    return this.#reads;
  }

  async get(id: string): Promise<Submission | undefined> {
    this.#reads++;
    return this.#rows.get(id);
  }

  async save(submission: Submission): Promise<void> {
    if (!archivable(submission)) {
      await this.#open.add(submission.id, Date.parse(submission.createdAt));
      await this.#rows.put(submission.id, submission);
      return;
    }
    await this.#rows.put(submission.id, submission);
    await this.#archive.add(submission.id, Date.parse(submission.updatedAt));
    await this.#open.remove(submission.id);
  }

  async open(): Promise<Submission[]> {
    this.#reads++;
    const ids = await this.#open.ids();
    const found = await this.#many(ids);
    const open: Submission[] = [];
    for (const [index, submission] of found.entries()) {
      const id = ids[index] ?? "";
      // A row that never got written (a death between index and row), or a final row whose archiving was cut short.
      if (submission === undefined) await this.#open.remove(id);
      else if (archivable(submission)) await this.save(submission);
      else open.push(submission);
    }
    return open;
  }

  async archived(): Promise<Submission[]> {
    this.#reads++;
    return (await this.#rows.all()).filter(archivable);
  }

  async archivedBefore(before: Date): Promise<Submission[]> {
    this.#reads++;
    const ids = await this.#archive.below(before.getTime(), PURGE_BATCH);
    const found = await this.#many(ids);
    const archived: Submission[] = [];
    for (const [index, submission] of found.entries()) {
      // A row forgotten by a process that died before its archive entry went: left, it would take a place in every batch.
      if (submission === undefined) await this.#archive.remove(ids[index] ?? "");
      else archived.push(submission);
    }
    return archived;
  }

  async forget(id: string): Promise<void> {
    await this.#rows.delete(id);
    await this.#archive.remove(id);
  }

  async #many(ids: readonly string[]): Promise<(Submission | undefined)[]> {
    if (ids.length === 0) return [];
    this.#reads++;
    return this.#rows.getMany(ids);
  }

  async close(): Promise<void> {
    await Promise.all([this.#rows.close(), this.#open.close(), this.#archive.close()]);
  }
}
