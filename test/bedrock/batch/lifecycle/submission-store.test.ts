import { afterEach, describe, expect, it } from "vitest";
import { ARCHIVED_SUBMISSIONS_INDEX, OPEN_SUBMISSIONS_INDEX, openSubmissionStore, SUBMISSIONS_NAMESPACE, type SubmissionStore } from "../../../../src/bedrock/batch/lifecycle/submission-store.ts";
import type { Submission } from "../../../../src/bedrock/batch/lifecycle/submission.ts";
import { KeyvRepository } from "../../../../src/store/keyv-repository.ts";
import { openKeyv } from "../../../../src/store/open-keyv.ts";
import { openScoredIndex, type ScoredIndex } from "../../../../src/store/scored-index.ts";
import { STORE_BACKENDS, type StorePlace } from "../../../store/store-places.ts";
import { submissionFixture, submissionsCreatedFrom } from "./submission-fixture.ts";

/** How many archived submissions `archivedBefore` returns at most (the store's retention batch). */
const PURGE_BATCH = 200;
const ENDED_AT = "2026-03-02T12:00:00.000Z";

/** Saves `submissions` a batch at a time (in parallel within a batch), so hundreds are written in a moment. */
async function saveAll(store: SubmissionStore, submissions: readonly Submission[]): Promise<void> {
  for (let start = 0; start < submissions.length; start += 50) await Promise.all(submissions.slice(start, start + 50).map((submission) => store.save(submission)));
}

/** `submission` moved to a final state at `at`, as the runner would store it. */
function ended(submission: Submission, at = ENDED_AT): Submission {
  return { ...submission, state: "notified", updatedAt: at, history: [...submission.history, { state: "notified", event: "notice_done", at }] };
}

const ids = (submissions: readonly Submission[]) => submissions.map((submission) => submission.id);

describe.each(STORE_BACKENDS)("SubmissionStore on $name", (backend) => {
  let place: StorePlace;
  const storeAt = async (): Promise<SubmissionStore> => {
    place = await backend.createPlace("lifecycle");
    return place.keep(openSubmissionStore(place.url, place.prefix));
  };
  /** What a process that died half-way left: the open index and the rows, reached without the store. */
  const openIndex = (): ScoredIndex => place.keep(openScoredIndex(place.url, place.prefix + OPEN_SUBMISSIONS_INDEX));
  const rows = (): KeyvRepository<Submission> => place.keep(new KeyvRepository<Submission>(openKeyv<Submission>(place.url, place.prefix + SUBMISSIONS_NAMESPACE)));

  afterEach(async () => {
    await place.dispose();
  });

  it("GIVEN a saved submission WHEN read back THEN it is the row as saved; an unknown id is undefined", async () => {
    const store = await storeAt();
    const saved = submissionFixture({ state: "running", runId: "r1", jobNames: ["bdb-r1-1"], pending: [{ kind: "clear_draft", row: "submitting--jobs_created->running" }] });
    await store.save(saved);

    expect(await store.get(saved.id)).toEqual(saved);
    expect(await store.get("no-such-submission")).toBeUndefined();
  });

  it("GIVEN open and final submissions saved out of order WHEN open() is read THEN only the open ones, oldest first", async () => {
    const store = await storeAt();
    const [first, second, third, fourth, fifth] = submissionsCreatedFrom("2026-03-01T08:00:00.000Z", 5, "sub");
    await saveAll(store, [fourth!, { ...second!, state: "running" }, ended(fifth!), { ...first!, state: "held" }, ended(third!)]);

    expect(ids(await store.open())).toEqual([first!.id, second!.id, fourth!.id]);
  });

  it("GIVEN an open submission WHEN saved in a final state THEN it leaves open() for the archive, found by its end time", async () => {
    const store = await storeAt();
    const running = submissionFixture({ state: "running" });
    await store.save(running);
    await store.save(ended(running));

    expect(await store.open()).toEqual([]);
    expect(ids(await store.archived())).toEqual([running.id]);
    expect(ids(await store.archivedBefore(new Date(Date.parse(ENDED_AT) + 1)))).toEqual([running.id]);
    // Strictly before: a submission that ended at that very moment is not due yet.
    expect(await store.archivedBefore(new Date(ENDED_AT))).toEqual([]);
  });

  it("GIVEN more archived submissions than a batch WHEN archivedBefore() is read THEN the batch that ended first, in end order", async () => {
    const store = await storeAt();
    const all = submissionsCreatedFrom("2026-03-01T00:00:00.000Z", PURGE_BATCH + 5, "old");
    // Ended in the reverse order of creation: the archive is by end time, not creation time.
    const archived = all.map((submission, index) => ended(submission, new Date(Date.parse(ENDED_AT) - index * 1000).toISOString()));
    await saveAll(store, archived);

    const due = await store.archivedBefore(new Date("2026-04-01T00:00:00.000Z"));

    expect(due).toHaveLength(PURGE_BATCH);
    expect(ids(due)).toEqual(ids(archived.toReversed().slice(0, PURGE_BATCH)));
  });

  it("GIVEN an archived submission WHEN forgotten THEN its row and its archive entry are gone", async () => {
    const store = await storeAt();
    const [kept, forgotten] = submissionsCreatedFrom("2026-03-01T08:00:00.000Z", 2, "sub").map((submission) => ended(submission));
    await saveAll(store, [kept!, forgotten!]);

    await store.forget(forgotten!.id);

    expect(await store.get(forgotten!.id)).toBeUndefined();
    expect(ids(await store.archived())).toEqual([kept!.id]);
    expect(ids(await store.archivedBefore(new Date("2026-04-01T00:00:00.000Z")))).toEqual([kept!.id]);
  });

  it("GIVEN an archive entry whose row is gone (a death inside forget(), between the two deletes) WHEN archivedBefore() is read THEN it is skipped and dropped", async () => {
    const store = await storeAt();
    const [kept, forgotten] = submissionsCreatedFrom("2026-03-01T08:00:00.000Z", 2, "sub").map((submission) => ended(submission));
    await saveAll(store, [kept!, forgotten!]);
    await rows().delete(forgotten!.id);
    const archive = place.keep(openScoredIndex(place.url, place.prefix + ARCHIVED_SUBMISSIONS_INDEX));

    expect(ids(await store.archivedBefore(new Date("2026-04-01T00:00:00.000Z")))).toEqual([kept!.id]);
    expect(await archive.ids()).toEqual([kept!.id]);
  });

  it("GIVEN an id in the open index whose row was never written (a death between the two) WHEN open() is read THEN it is skipped and dropped", async () => {
    const store = await storeAt();
    const real = submissionFixture({ state: "running" });
    await store.save(real);
    const index = openIndex();
    await index.add("never-written", Date.parse("2026-03-01T00:00:00.000Z"));

    expect(ids(await store.open())).toEqual([real.id]);
    expect(await index.ids()).toEqual([real.id]);
  });

  it("GIVEN a final row still in the open index (a death between archive add and open remove) WHEN open() is read THEN it is archived", async () => {
    const store = await storeAt();
    const running = submissionFixture({ state: "running" });
    await store.save(ended(running));
    const index = openIndex();
    await index.add(running.id, Date.parse(running.createdAt));

    expect(await store.open()).toEqual([]);
    expect(await index.ids()).toEqual([]);
    expect(ids(await store.archivedBefore(new Date("2026-04-01T00:00:00.000Z")))).toEqual([running.id]);
  });

  it("GIVEN a final row written but neither archived nor out of the open index (a death right after the write) WHEN open() is read THEN it is archived", async () => {
    const store = await storeAt();
    const running = submissionFixture({ state: "running" });
    await store.save(running);
    await rows().put(running.id, ended(running));

    expect(await store.open()).toEqual([]);
    expect(await openIndex().ids()).toEqual([]);
    expect(ids(await store.archivedBefore(new Date("2026-04-01T00:00:00.000Z")))).toEqual([running.id]);
  });

  it("counts its reads: one per get, one index read and one row read per open(), one index read when nothing is open", async () => {
    const store = await storeAt();
    const read = async (work: () => Promise<unknown>): Promise<number> => {
      const before = store.reads;
      await work();
      return store.reads - before;
    };
    expect(await read(() => store.open())).toBe(1);
    await saveAll(store, submissionsCreatedFrom("2026-03-01T08:00:00.000Z", 3, "sub", { state: "running" }));

    expect(await read(() => store.get("sub-0001"))).toBe(1);
    expect(await read(() => store.open())).toBe(2);
    expect(await read(() => store.save(submissionFixture({ id: "sub-0004" })))).toBe(0);
  });

  it("GIVEN 500 archived submissions beside 5 open ones WHEN open() is read THEN it costs the store the same reads as with none archived", async () => {
    const store = await storeAt();
    await saveAll(store, submissionsCreatedFrom("2026-03-01T08:00:00.000Z", 5, "open", { state: "running" }));
    const readsOfOpen = async (): Promise<{ reads: number; open: number }> => {
      const before = store.reads;
      const open = await store.open();
      return { reads: store.reads - before, open: open.length };
    };
    const withoutArchive = await readsOfOpen();

    await saveAll(store, submissionsCreatedFrom("2026-02-01T08:00:00.000Z", 500, "done").map((submission) => ended(submission)));
    const withArchive = await readsOfOpen();

    expect(withoutArchive).toEqual({ reads: 2, open: 5 });
    expect(withArchive).toEqual(withoutArchive);
  });
});
