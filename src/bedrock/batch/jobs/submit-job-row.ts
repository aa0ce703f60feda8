/**
 * Sends a job row's CreateModelInvocationJob — the first time, or again after a crash or a full quota — and records
 * the answer. The row is written as `submitting` before the call; the stored request (with its deterministic token)
 * is sent unchanged, so a second send returns the job the first one created.
 */
import { toBedrockError } from "../../errors/to-bedrock-error.ts";
import type { BatchJobRow, JobRowState } from "./batch-job-row.ts";
import type { BatchControl } from "./batch-control-client.ts";
import type { BatchStore } from "./batch-store.ts";

export interface JobSubmitDeps {
  control: BatchControl;
  store: BatchStore;
  now: () => Date;
}

/** How a refused Create leaves the row; undefined when the error is not an answer from AWS. */
function createFailureState(error: unknown, modelId: string): { state: JobRowState; message: string } | undefined {
  const failure = toBedrockError(error, { modelId, operation: "CreateModelInvocationJob" });
  if (failure.awsName === "ServiceQuotaExceededException") {
    return { state: "queued", message: `Bedrock's quota of running batch jobs for ${modelId} is reached; the job waits for a free slot.` };
  }
  switch (failure.kind) {
    case "throttled":
    case "service":
    case "timeout":
    case "incomplete":
      // Maybe accepted, maybe not: the next poll sends the same request again.
      return { state: "submitting", message: failure.userMessage };
    case "access_denied":
    case "credentials":
    case "not_found":
    case "validation":
    case "model":
      return { state: "create_failed", message: failure.userMessage };
    case "aborted":
    case "unknown":
      return undefined;
    default: {
      const unexpected: never = failure.kind;
      throw new Error(`unknown error kind ${String(unexpected)}`);
    }
  }
}

export async function submitJobRow(deps: JobSubmitDeps, row: BatchJobRow): Promise<BatchJobRow> {
  const { message: _previous, ...rest } = row;
  const sending: BatchJobRow = { ...rest, state: "submitting", updatedAt: deps.now().toISOString() };
  await deps.store.jobs.put(sending.jobName, sending);
  let jobArn: string;
  try {
    ({ jobArn } = await deps.control.create(row.request));
  } catch (error) {
    const failure = createFailureState(error, row.modelId);
    // Not an answer from AWS (a crash, a lost connection): the row stays `submitting` and is re-sent later.
    if (failure === undefined) throw error;
    const refused: BatchJobRow = { ...sending, ...failure, updatedAt: deps.now().toISOString() };
    await deps.store.jobs.put(refused.jobName, refused);
    return refused;
  }
  const now = deps.now().toISOString();
  const submitted: BatchJobRow = { ...sending, state: "Submitted", jobArn, submittedAt: now, updatedAt: now };
  await deps.store.jobs.put(submitted.jobName, submitted);
  return submitted;
}
