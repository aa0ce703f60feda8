/**
 * Names and tokens of our jobs. Job names share one prefix, so one `ListModelInvocationJobs(nameContains)` pass finds
 * every job of ours; the `clientRequestToken` is derived from what the job is (run, index, input folder), so sending
 * the same Create again, after a crash or from another process, returns the same job instead of a second one.
 */
import { createHash, randomBytes } from "node:crypto";
import { UserFacingError } from "../../errors/user-facing-error.ts";

/** CreateModelInvocationJob `jobName`: 1-63 characters of this pattern (Bedrock API reference). */
const JOB_NAME_PATTERN = /^[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9+\-.]){0,63}$/;
const JOB_NAME_MAX_LENGTH = 63;

/** Every job of ours is named `bdb-<runId>-<n>`; `nameContains` this finds them all. */
export const JOB_NAME_PREFIX = "bdb-";

/** Run ids: lowercase letters, digits and single hyphens, so they fit job names, S3 keys and tags. */
const RUN_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Leaves room in the 63-character job name for the prefix and `-<n>` up to 5 digits. */
const RUN_ID_MAX_LENGTH = JOB_NAME_MAX_LENGTH - JOB_NAME_PREFIX.length - 6;

/** `20250301-142233-k3x9qa`: sortable by time, unique by the random tail. */
export function createRunId(now: Date, random: () => string = () => randomSuffix(6)): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${random()}`;
}

/** Refuses a run id given by hand (`--run-id`) that would not make valid job names and keys. */
export function checkRunId(runId: string): string {
  if (!RUN_ID_PATTERN.test(runId) || runId.length > RUN_ID_MAX_LENGTH) {
    throw new UserFacingError(`"${runId}" is not a usable run id: use lowercase letters, digits and single hyphens, at most ${RUN_ID_MAX_LENGTH} characters.`);
  }
  return runId;
}

export function batchJobName(runId: string, index: number): string {
  const name = `${JOB_NAME_PREFIX}${runId}-${index}`;
  if (!JOB_NAME_PATTERN.test(name) || name.length > JOB_NAME_MAX_LENGTH) throw new Error(`invalid batch job name ${name}`);
  return name;
}

/** sha256 (hex) of what identifies the job: 64 alphanumerics, within the token pattern. */
export function batchClientRequestToken(runId: string, index: number, inputUri: string): string {
  return createHash("sha256").update(`${runId}\n${index}\n${inputUri}`).digest("hex");
}

function randomSuffix(length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join("");
}
