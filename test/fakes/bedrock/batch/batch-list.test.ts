import { ListModelInvocationJobsCommand, paginateListModelInvocationJobs } from "@aws-sdk/client-bedrock";
import type { ListModelInvocationJobsCommandInput } from "@aws-sdk/client-bedrock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caught } from "../fake-bedrock-test-kit.ts";
import { converseRecords, createJob, putObject, startBatchKit, toJsonl } from "./batch-test-kit.ts";
import type { BatchKit } from "./batch-test-kit.ts";

let kit: BatchKit;
let createdAt: number[];

/** Five jobs a minute apart: nightly-1..3 (the first two completed), adhoc-1..2. */
beforeAll(async () => {
  kit = await startBatchKit();
  await putObject(kit, "in/records.jsonl", toJsonl(converseRecords(4)));
  createdAt = [];
  for (const jobName of ["nightly-1", "nightly-2", "nightly-3", "adhoc-1", "adhoc-2"]) {
    createdAt.push(kit.fake.now());
    await createJob(kit, { jobName });
    if (jobName === "nightly-2") await kit.fake.batch.settle();
    await kit.fake.advance(60_000);
  }
});
afterAll(async () => {
  await kit.close();
});

async function names(input: ListModelInvocationJobsCommandInput): Promise<string[]> {
  const response = await kit.control.send(new ListModelInvocationJobsCommand(input));
  return (response.invocationJobSummaries ?? []).map((summary) => summary.jobName!);
}

describe("ListModelInvocationJobs", () => {
  it("GIVEN jobs WHEN listed without options THEN newest first, summaries carrying the Get fields", async () => {
    const response = await kit.control.send(new ListModelInvocationJobsCommand({}));

    expect(response.invocationJobSummaries!.map((summary) => summary.jobName)).toEqual(["adhoc-2", "adhoc-1", "nightly-3", "nightly-2", "nightly-1"]);
    expect(response.nextToken).toBeUndefined();
    const nightly1 = response.invocationJobSummaries!.at(-1)!;
    expect(nightly1).toMatchObject({ status: "Completed", totalRecordCount: 4, processedRecordCount: 4, modelInvocationType: "Converse" });
    expect(nightly1.submitTime).toEqual(new Date(createdAt[0]!));
    expect(nightly1.endTime).toBeInstanceOf(Date);
  });

  it("GIVEN nameContains, statusEquals and Ascending order WHEN listed THEN only matching jobs, oldest first", async () => {
    expect(await names({ nameContains: "nightly", sortOrder: "Ascending" })).toEqual(["nightly-1", "nightly-2", "nightly-3"]);
    expect(await names({ statusEquals: "Completed" })).toEqual(["nightly-2", "nightly-1"]);
    expect(await names({ nameContains: "Nightly" })).toEqual([]);
  });

  it("GIVEN submitTimeAfter and submitTimeBefore WHEN listed THEN only jobs strictly between them", async () => {
    const after = new Date(createdAt[1]!);
    const before = new Date(createdAt[4]!);

    expect(await names({ submitTimeAfter: after, submitTimeBefore: before, sortBy: "CreationTime", sortOrder: "Ascending" })).toEqual(["nightly-3", "adhoc-1"]);
  });

  it("GIVEN maxResults 2 WHEN paged with nextToken THEN every job exactly once across three pages", async () => {
    const pages: string[][] = [];
    for await (const page of paginateListModelInvocationJobs({ client: kit.control, pageSize: 2 }, {})) {
      pages.push((page.invocationJobSummaries ?? []).map((summary) => summary.jobName!));
    }

    expect(pages).toEqual([["adhoc-2", "adhoc-1"], ["nightly-3", "nightly-2"], ["nightly-1"]]);
    const listCalls = kit.fake.batch.requests.filter((request) => request.operation === "ListModelInvocationJobs").slice(-3);
    expect(listCalls.map((request) => request.query.maxResults)).toEqual(["2", "2", "2"]);
    expect(listCalls[1]!.query.nextToken).toEqual(expect.any(String));
  });

  it.each([
    [{ maxResults: 1001 }, /at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000/],
    [{ statusEquals: "Done" as never }, /at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set/],
    [{ nextToken: "not-a-token" }, /nextToken is invalid/],
  ])("GIVEN %o WHEN listed THEN ValidationException", async (input, message) => {
    const error = await caught(() => kit.control.send(new ListModelInvocationJobsCommand(input)));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toMatch(message);
  });
});
