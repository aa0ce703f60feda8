/** Shapes of the fake batch control plane shared by its pieces and by the tests that drive it. */
import type { ModelInvocationJobStatus } from "@aws-sdk/client-bedrock";
import type { ScriptedReply } from "../scripted-reply.ts";

/** The SDK's own union, so a new AWS status is a compile error in the fake's exhaustive switches. */
export type JobStatus = ModelInvocationJobStatus;

/** Statuses a job leaves by itself, one step at a time. */
export type ActiveStatus = "Submitted" | "Validating" | "Scheduled" | "InProgress" | "Stopping";

export type BatchOperation = "CreateModelInvocationJob" | "GetModelInvocationJob" | "ListModelInvocationJobs" | "StopModelInvocationJob";

/** A control-plane call as it arrived (each SDK retry is its own entry). */
export interface BatchRequest {
  operation: BatchOperation;
  method: string;
  /** Raw path, percent-encoded as sent, without the query. */
  path: string;
  /** Decoded query parameters (List). */
  query: Record<string, string>;
  /** Decoded from the path (Get, Stop). */
  jobIdentifier?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON, asserted on loosely by tests
  body: any;
  headers: Record<string, string>;
}

/**
 * Quotas and pacing of one fake instance. Defaults are AWS's default batch quotas per model (Service Quotas);
 * tests lower them to keep inputs small.
 */
export interface BatchSettings {
  /** Account id in job ARNs. */
  accountId: string;
  /** Region in job ARNs when the request's SigV4 scope names none (bearer auth). */
  region: string;
  /** Submitted + in-progress jobs per base model; one more is a ServiceQuotaExceededException. */
  maxActiveJobsPerModel: number;
  /** Overrides the model's minimum records per job (100; Llama 4 Scout 50) when set. */
  minRecordsPerJob?: number;
  maxRecordsPerFile: number;
  maxRecordsPerJob: number;
  maxInputFileBytes: number;
  /** Overrides the model's job size limit (5 GB; Nova Pro 100 GB) when set. */
  maxJobBytes?: number;
  /** `timeoutDurationInHours` when the request leaves it out. */
  defaultTimeoutHours: number;
  /** Fake milliseconds a job spends in each active status before its next step (`advance`). */
  stepMs: Record<ActiveStatus, number>;
  /** Share of the job's records one InProgress step processes (0 < x <= 1). */
  progressPerStep: number;
  /**
   * Refuse a name some job already has (ValidationException "The provided job name is currently in use."). Off by
   * default: the invocation-job API documents no such rule; the sibling customization and import job APIs do it.
   */
  uniqueJobNames: boolean;
  /** Next job id: 12 lowercase alphanumerics. */
  newJobId: () => string;
}

/** Settings to change: any subset, `stepMs` per status too. */
export type BatchSettingsOverrides = Partial<Omit<BatchSettings, "stepMs">> & { stepMs?: Partial<Record<ActiveStatus, number>> };

/** A record as tests see it when matching records to fail or script. */
export interface BatchRecordRef {
  jobName: string;
  recordId: string;
  /** Output-relative name of the input file, e.g. `part-001.jsonl`. */
  file: string;
  /** 1-based line in that file. */
  line: number;
  modelInput: unknown;
}

/** Record ids, or a predicate over records. */
export type RecordMatcher = readonly string[] | ((record: BatchRecordRef) => boolean);

/** A per-record error line: `{"recordId", "modelInput", "error": {"errorCode", "errorMessage"}}`. */
export interface RecordError {
  errorCode: number;
  errorMessage: string;
}

/** How a scripted job ends: Failed at the end of validation, Expired instead of starting, or the given final status. */
export type ScriptedOutcome = "Completed" | "PartiallyCompleted" | "Failed" | "Expired";

/** A job as tests see it: the Get fields (Dates), plus what only the fake knows. */
export interface BatchJobSnapshot {
  jobId: string;
  jobArn: string;
  jobName: string;
  modelId: string;
  roleArn: string;
  clientRequestToken?: string;
  status: JobStatus;
  message?: string;
  submitTime: Date;
  lastModifiedTime: Date;
  endTime?: Date;
  jobExpirationTime: Date;
  timeoutDurationInHours: number;
  modelInvocationType: "InvokeModel" | "Converse";
  inputS3Uri: string;
  outputS3Uri: string;
  /** Where this job's outputs go: `<outputS3Uri>/<jobId>/`. */
  outputPrefix: string;
  tags: { key: string; value: string }[];
  totalRecordCount: number;
  processedRecordCount: number;
  successRecordCount: number;
  errorRecordCount: number;
  /** Only in manifest.json.out on the real service. */
  inputTokenCount: number;
  outputTokenCount: number;
}

/** What tests reach as `fake.batch`. */
export interface FakeBatch {
  /** Every control-plane call, in order, including refused ones. */
  readonly requests: BatchRequest[];
  /** Snapshots of every job, oldest first. */
  jobs(): BatchJobSnapshot[];
  /** One job by id or ARN. */
  job(jobIdentifier: string): BatchJobSnapshot | undefined;
  /** Matching records (of any job) end as error lines; default error 400 "Malformed input request...". */
  failRecords(match: RecordMatcher, error?: Partial<RecordError>): void;
  /** Matching records get this scripted reply instead of the echo (chat models). */
  replyRecords(match: RecordMatcher, reply: ScriptedReply): void;
  /** Jobs whose name contains `jobNameContains` end this way, with this `message` when it fails or expires. */
  scriptOutcome(jobNameContains: string, outcome: ScriptedOutcome, message?: string): void;
  /** While paused, Scheduled jobs don't start (no capacity): with time, they expire. */
  pauseStarts(paused: boolean): void;
  /** Changes quotas or pacing for jobs stepped from now on. */
  configure(settings: BatchSettingsOverrides): void;
  /** Ticks until no job is active; throws after `maxTicks` (e.g. starts paused). */
  settle(maxTicks?: number): Promise<void>;
}
