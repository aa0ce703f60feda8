/**
 * What the store keeps about batch runs and jobs. A job row is written BEFORE CreateModelInvocationJob (state
 * `submitting`) and updated after it, so a job Bedrock accepted is never unknown locally: a crash in between leaves a
 * `submitting` row that is re-sent with the same `clientRequestToken`, which returns the same job (reference:
 * "a job accepted by Bedrock but never recorded locally").
 *
 * Rows are JSON in keyv (sqlite or redis): times are ISO 8601 strings, never Dates.
 */
import type { CreateModelInvocationJobCommandInput, ModelInvocationJobStatus } from "@aws-sdk/client-bedrock";
import type { BatchRecordCounts } from "../records/build-batch-records.ts";
import type { OutputSchema } from "../structured/output-schema.ts";
import type { JobOwner } from "../../../store/job-owner.ts";

/** AWS's own job status (the SDK's union, so a new value is a compile error in the exhaustive switches). */
type BatchJobStatus = ModelInvocationJobStatus;

/**
 * Local states before Bedrock knows the job, then Bedrock's status:
 * - `queued`: waiting for a free slot under the model's cap of submitted + in-progress jobs;
 * - `submitting`: written before the Create call; may or may not exist at AWS until the call is answered;
 * - `create_failed`: Bedrock refused the Create call for good (validation, access); `message` says why.
 */
export type JobRowState = "queued" | "submitting" | "create_failed" | BatchJobStatus;

/** Bedrock's record counters (0 while validating). */
export interface JobCounters {
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
}

/** The Create request exactly as sent: a re-send must be identical for the token to return the same job. */
export type StoredCreateRequest = CreateModelInvocationJobCommandInput & {
  jobName: string;
  clientRequestToken: string;
  modelId: string;
};

export interface BatchJobRow {
  runId: string;
  /** 1-based position of the job in its run. */
  index: number;
  /** Also the row's key: unique, and what `batch status <job>` accepts besides the ARN and id. */
  jobName: string;
  clientRequestToken: string;
  /** `[[api_providers]]` name whose clients created the job (and must poll it). */
  provider: string;
  /** `[[models]]` name (prices, caps). */
  model: string;
  modelId: string;
  /** The job's input folder (`s3://bucket/prefix/runs/<run>/job-1/input/`); media lives under it too. */
  inputUri: string;
  /** The job's output folder; Bedrock writes under `<outputUri><jobId>/`. */
  outputUri: string;
  request: StoredCreateRequest;
  /** Records in the job, and their positions in the run's provenance (`[start, end)`). */
  records: number;
  recordRange: { start: number; end: number };
  owner?: JobOwner;
  state: JobRowState;
  jobArn?: string;
  counters?: JobCounters;
  /** Bedrock's `message` (why a job failed or expired), or ours (why it is still queued). */
  message?: string;
  createdAt: string;
  updatedAt: string;
  /** When Create was answered. */
  submittedAt?: string;
  /** Bedrock's `submitTime` (its clock, not ours): the lower bound of the List window. */
  awsSubmitTime?: string;
  /** When the job reached a terminal state (Bedrock's `endTime` when given). */
  endedAt?: string;
  /** When results were collected. */
  resultsAt?: string;
  /** Inputs (JSONL and media) are deleted on the first poll after this time (`[batch] retention_days`). */
  deleteInputsAfter?: string;
  inputsDeletedAt?: string;
}

/** What a run did with its records. */
type RunAction = "batch" | "on_demand";

export interface BatchRunRow {
  runId: string;
  createdAt: string;
  provider: string;
  model: string;
  modelId: string;
  action: RunAction;
  /** `inputs = records + skipped`. */
  counts: BatchRecordCounts;
  /** Batch runs: the run's S3 folder (`s3://bucket/prefix/runs/<run>/`), holding provenance and every job. */
  runUri?: string;
  jobs: number;
  /** `uploading` until every job row exists; `submitted` after; `done` once results were written (on_demand at once). */
  state: "uploading" | "submitted" | "done";
  owner?: JobOwner;
  /** The run's JSON Schema (`/batch submit schema:`), for its result columns and validation. */
  outputSchema?: OutputSchema;
}
