/**
 * CreateModelInvocationJob's rules beyond the request's shape, in the order the service meets them: idempotency
 * (same clientRequestToken + same request -> the same job, no second one; same token + another request -> refused),
 * a batch-capable model and invocation type, optionally a fresh name, and the per-model quota of submitted +
 * in-progress jobs. Returns the new job (or the earlier one) or the AWS error to answer with.
 */
import { validationError } from "../errors.ts";
import type { AwsError } from "../errors.ts";
import { isActive } from "./batch-job.ts";
import type { BatchJob } from "./batch-job.ts";
import { findBatchModel } from "./batch-models.ts";
import type { BatchSettings } from "./batch-types.ts";
import { validateCreateRequest } from "./validate-create-request.ts";
import type { CreateJobRequest } from "./validate-create-request.ts";

const JOB_ID = /^[a-z0-9]{12}$/;
const HOUR_MS = 3_600_000;

export function createJob(args: {
  jobs: readonly BatchJob[];
  body: unknown;
  region: string;
  now: number;
  settings: BatchSettings;
}): { job: BatchJob; created: boolean } | { error: AwsError } {
  const { jobs, settings, now } = args;
  const checked = validateCreateRequest(args.body);
  if ("problem" in checked) return { error: validationError(checked.problem) };
  const request = checked.request;
  const fingerprint = canonicalJson({ ...request, clientRequestToken: undefined });

  const token = request.clientRequestToken;
  const earlier = token === undefined ? undefined : jobs.find((job) => job.request.clientRequestToken === token);
  if (earlier !== undefined) {
    if (earlier.fingerprint === fingerprint) return { job: earlier, created: false };
    return {
      error: {
        status: 400,
        type: "ConflictException",
        message: `The clientRequestToken ${token} was already used for a different CreateModelInvocationJob request. Use a new token for a new request.`,
      },
    };
  }

  const model = findBatchModel(request.modelId);
  if (model === undefined) return { error: validationError(`The model ${request.modelId} does not support batch inference.`) };
  if (request.modelInvocationType === "Converse" && !model.converse) {
    return { error: validationError(`The model ${request.modelId} does not support the Converse model invocation type. Use InvokeModel.`) };
  }
  if (settings.uniqueJobNames && jobs.some((job) => job.request.jobName === request.jobName)) {
    return { error: validationError("The provided job name is currently in use.") };
  }
  const active = jobs.filter((job) => isActive(job.status) && job.model.baseModelId === model.baseModelId).length;
  if (active >= settings.maxActiveJobsPerModel) {
    return {
      error: {
        status: 400,
        type: "ServiceQuotaExceededException",
        message:
          `You have reached the quota of ${settings.maxActiveJobsPerModel} submitted and in-progress batch inference jobs for ${model.baseModelId}. ` +
          "Wait for running jobs to finish, or request a quota increase.",
      },
    };
  }

  const jobId = settings.newJobId();
  if (!JOB_ID.test(jobId) || jobs.some((job) => job.jobId === jobId)) {
    throw new Error(`newJobId() must return a fresh id of 12 lowercase alphanumerics, got "${jobId}"`);
  }
  const timeoutDurationInHours = request.timeoutDurationInHours ?? settings.defaultTimeoutHours;
  const job: BatchJob = {
    seq: jobs.length,
    jobId,
    jobArn: `arn:aws:bedrock:${args.region}:${settings.accountId}:model-invocation-job/${jobId}`,
    request: withDefaults(request),
    fingerprint,
    model,
    timeoutDurationInHours,
    submitTime: now,
    jobExpirationTime: now + timeoutDurationInHours * HOUR_MS,
    status: "Submitted",
    lastModifiedTime: now,
    nextStepAt: now + settings.stepMs.Submitted,
    results: [],
    counts: { total: 0, processed: 0, success: 0, error: 0, inputTokens: 0, outputTokens: 0 },
  };
  return { job, created: true };
}

/** The input format is JSONL whether or not the request said so; Get shows it. */
function withDefaults(request: CreateJobRequest): CreateJobRequest {
  const input = request.inputDataConfig.s3InputDataConfig;
  return { ...request, inputDataConfig: { s3InputDataConfig: { ...input, s3InputFormat: input.s3InputFormat ?? "JSONL" } } };
}

/** JSON with object keys sorted and undefined members dropped, so equal requests compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
  });
}
