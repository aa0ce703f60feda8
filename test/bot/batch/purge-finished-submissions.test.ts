/**
 * `[batch] keep_finished_days` on real stores: a finished submission of its own run goes with its job rows, run row
 * and notice records; a contributor to a pooled run goes with its notice records only, the pooled run's job rows and
 * run row staying for the other contributors.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it } from "vitest";
import type { BatchJobRow, BatchRunRow } from "../../../src/bedrock/batch/jobs/batch-job-row.ts";
import { openBatchStore } from "../../../src/bedrock/batch/jobs/batch-store.ts";
import { openSubmissionStore } from "../../../src/bedrock/batch/lifecycle/submission-store.ts";
import type { Submission } from "../../../src/bedrock/batch/lifecycle/submission.ts";
import { BATCH_NOTICES_NAMESPACE } from "../../../src/bot/batch/batch-runtime.ts";
import type { NoticeRecord } from "../../../src/bot/batch/batch-runtime-types.ts";
import { purgeFinishedSubmissions } from "../../../src/bot/batch/purge-finished-submissions.ts";
import { parseConfig } from "../../../src/config/index.ts";
import { createLogger } from "../../../src/create-logger.ts";
import { KeyvRepository } from "../../../src/store/keyv-repository.ts";
import { openKeyv } from "../../../src/store/open-keyv.ts";
import { jobRow } from "../../bedrock/batch/jobs/job-row-fixture.ts";
import { submissionFixture } from "../../bedrock/batch/lifecycle/submission-fixture.ts";
import { batchConfigText } from "../../bedrock/batch/run/batch-run-kit.ts";
import { STORE_BACKENDS, type StorePlace } from "../../store/store-places.ts";

const ENDED_AT = "2026-03-01T12:00:00.000Z";
const DAY = 24 * 60 * 60 * 1000;

/** A finished submission whose records went into `runId` (its own id, or a pooled run's), told of `jobName`. */
function finished(id: string, runId: string, jobName: string): Submission {
  return submissionFixture({ id, state: "notified", runId, jobNames: [jobName], notices: { [`${id}.${jobName}`]: "delivered" }, updatedAt: ENDED_AT });
}

describe.each(STORE_BACKENDS)("purgeFinishedSubmissions on $name", (backend) => {
  let place: StorePlace;
  afterEach(async () => {
    await place.dispose();
  });

  it("GIVEN an own run's submission and a pooled run's contributor past keep_finished_days WHEN purged THEN both go with their notices, the pooled run's job rows and run row stay", async () => {
    place = await backend.createPlace("purge-finished");
    const store = place.keep(openBatchStore(place.url, place.prefix));
    const submissions = place.keep(openSubmissionStore(place.url, place.prefix));
    const notices = place.keep(new KeyvRepository<NoticeRecord>(openKeyv<NoticeRecord>(place.url, place.prefix + BATCH_NOTICES_NAMESPACE)));
    const own = finished("own-run", "own-run", "job-own");
    const contributor = finished("contributor", "pooled-run", "job-pooled");
    for (const [submission, jobName] of [[own, "job-own"], [contributor, "job-pooled"]] as const) {
      const runId = submission.runId ?? "";
      const row: BatchJobRow = { ...jobRow({ runId }), jobName, inputsDeletedAt: ENDED_AT };
      await store.jobs.put(jobName, row);
      await store.runs.put(runId, { runId } as BatchRunRow);
      for (const noticeId of Object.keys(submission.notices ?? {})) await notices.put(noticeId, { receipt: { messageIds: ["m1"], notifiedAt: ENDED_AT, recovered: false } });
      await submissions.save(submission);
    }
    const config = parseConfig(batchConfigText("http://127.0.0.1:1", "http://127.0.0.1:1", place.url, "keep_finished_days = 30"), "purge.toml", {});
    const now = () => new Date(Date.parse(ENDED_AT) + 31 * DAY);
    const runtime = { store, submissions, notices, s3: () => ({}) as S3Client, now };

    expect(await purgeFinishedSubmissions({ runtime, config, logger: createLogger({ level: "silent" }) })).toBe(2);

    expect(await submissions.get(own.id)).toBeUndefined();
    expect(await submissions.get(contributor.id)).toBeUndefined();
    expect(await notices.getMany(["own-run.job-own", "contributor.job-pooled"])).toEqual([undefined, undefined]);
    expect(await store.jobs.get("job-own")).toBeUndefined();
    expect(await store.runs.get("own-run")).toBeUndefined();
    expect((await store.jobs.get("job-pooled"))?.runId).toBe("pooled-run");
    expect(await store.runs.get("pooled-run")).toEqual({ runId: "pooled-run" });
  });
});
