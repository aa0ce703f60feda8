/**
 * An in-memory `BatchControl` for unit tests: jobs by ARN with statuses tests set, every call recorded, Create errors
 * scripted (as SDK-shaped errors: name + $metadata), and a hook to look at the store while Create runs.
 */
import type { CreateModelInvocationJobCommandInput, ListModelInvocationJobsCommandInput } from "@aws-sdk/client-bedrock";
import type { BatchControl, JobSummary } from "../../../../src/bedrock/batch/jobs/batch-control-client.ts";

type ControlCall =
  | { operation: "create"; input: CreateModelInvocationJobCommandInput }
  | { operation: "get"; jobIdentifier: string }
  | { operation: "list"; input: ListModelInvocationJobsCommandInput }
  | { operation: "stop"; jobIdentifier: string };

export interface ScriptedBatchControl extends BatchControl {
  calls: ControlCall[];
  jobs: Map<string, JobSummary & { token?: string }>;
  /** Next Create calls throw these, in order. */
  createErrors: Error[];
  /** Runs at the start of each Create call. */
  beforeCreate?: (input: CreateModelInvocationJobCommandInput) => Promise<void>;
  /** Jobs the List call leaves out (only Get finds them). */
  hiddenFromList: Set<string>;
  pageSize: number;
  set(jobArn: string, summary: Partial<JobSummary>): void;
}

/** An error shaped like the SDK's: the name AWS sent, and $metadata. */
export function awsError(name: string, httpStatusCode: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode, requestId: "req-1" } });
}

export function createScriptedBatchControl(): ScriptedBatchControl {
  let counter = 0;
  const control: ScriptedBatchControl = {
    calls: [],
    jobs: new Map(),
    createErrors: [],
    hiddenFromList: new Set(),
    pageSize: 1000,
    set: (jobArn, summary) => {
      const job = control.jobs.get(jobArn);
      if (job === undefined) throw new Error(`no job ${jobArn}`);
      control.jobs.set(jobArn, { ...job, ...summary });
    },
    create: async (input) => {
      control.calls.push({ operation: "create", input });
      await control.beforeCreate?.(input);
      const error = control.createErrors.shift();
      if (error !== undefined) throw error;
      const existing = [...control.jobs.values()].find((job) => job.token !== undefined && job.token === input.clientRequestToken);
      if (existing?.jobArn !== undefined) return { jobArn: existing.jobArn };
      const jobArn = `arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/job${String(++counter).padStart(9, "0")}`;
      control.jobs.set(jobArn, { jobArn, jobName: input.jobName, status: "Submitted", submitTime: new Date("2025-03-01T10:00:00Z"), token: input.clientRequestToken });
      return { jobArn };
    },
    get: async (jobIdentifier) => {
      control.calls.push({ operation: "get", jobIdentifier });
      const job = control.jobs.get(jobIdentifier);
      if (job === undefined) throw awsError("ResourceNotFoundException", 404);
      return Promise.resolve(job);
    },
    list: async (input) => {
      control.calls.push({ operation: "list", input });
      const all = [...control.jobs.values()].filter((job) => !control.hiddenFromList.has(job.jobArn ?? ""));
      const offset = input.nextToken === undefined ? 0 : Number(input.nextToken);
      const page = all.slice(offset, offset + control.pageSize);
      const next = offset + control.pageSize;
      return Promise.resolve({ summaries: page, ...(next < all.length ? { nextToken: String(next) } : {}) });
    },
    stop: async (jobIdentifier) => {
      control.calls.push({ operation: "stop", jobIdentifier });
      const job = control.jobs.get(jobIdentifier);
      if (job === undefined) throw awsError("ResourceNotFoundException", 404);
      if (["Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired"].includes(job.status ?? "")) throw awsError("ValidationException", 400, "can no longer be stopped");
      control.jobs.set(jobIdentifier, { ...job, status: "Stopping" });
      return Promise.resolve();
    },
  };
  return control;
}
