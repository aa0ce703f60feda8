/**
 * ListModelInvocationJobs over the fake's jobs: query parameters checked like the API's constraints, filters
 * (statusEquals, nameContains, submitTimeAfter/Before, both exclusive), sort by CreationTime (default Descending),
 * and pages of maxResults (1-1000, default 1000) linked by an opaque nextToken.
 */
import { formatConstraintViolations } from "../validation-problem.ts";
import type { ConstraintViolation } from "../validation-problem.ts";
import type { BatchJob } from "./batch-job.ts";
import type { JobStatus } from "./batch-types.ts";

const STATUSES: readonly JobStatus[] = [
  "Submitted", "InProgress", "Completed", "Failed", "Stopping", "Stopped", "PartiallyCompleted", "Expired", "Validating", "Scheduled",
];
const MAX_LIST_RESULTS = 1000;

export function listJobs(jobs: readonly BatchJob[], query: Record<string, string>): { page: BatchJob[]; nextToken?: string } | { problem: string } {
  const violations: ConstraintViolation[] = [];
  const { statusEquals, nameContains, sortBy, sortOrder = "Descending", nextToken } = query;
  if (statusEquals !== undefined && !(STATUSES as readonly string[]).includes(statusEquals)) {
    violations.push({ path: "statusEquals", value: statusEquals, constraint: `Member must satisfy enum value set: [${STATUSES.join(", ")}]` });
  }
  if (nameContains !== undefined && (nameContains.length < 1 || nameContains.length > 63)) {
    violations.push({ path: "nameContains", value: nameContains, constraint: "Member must have length between 1 and 63" });
  }
  if (sortBy !== undefined && sortBy !== "CreationTime") {
    violations.push({ path: "sortBy", value: sortBy, constraint: "Member must satisfy enum value set: [CreationTime]" });
  }
  if (sortOrder !== "Ascending" && sortOrder !== "Descending") {
    violations.push({ path: "sortOrder", value: sortOrder, constraint: "Member must satisfy enum value set: [Ascending, Descending]" });
  }
  const maxResults = query.maxResults === undefined ? MAX_LIST_RESULTS : Number(query.maxResults);
  if (!Number.isInteger(maxResults) || maxResults < 1) {
    violations.push({ path: "maxResults", value: query.maxResults, constraint: "Member must have value greater than or equal to 1" });
  } else if (maxResults > MAX_LIST_RESULTS) {
    violations.push({ path: "maxResults", value: query.maxResults, constraint: `Member must have value less than or equal to ${MAX_LIST_RESULTS}` });
  }
  const after = parseTime(query.submitTimeAfter, "submitTimeAfter", violations);
  const before = parseTime(query.submitTimeBefore, "submitTimeBefore", violations);
  if (violations.length > 0) return { problem: formatConstraintViolations(violations) };

  const offset = nextToken === undefined ? 0 : decodeToken(nextToken);
  if (offset === undefined) return { problem: "The nextToken is invalid. Use the nextToken from a previous ListModelInvocationJobs response." };

  const matching = jobs
    .filter((job) => statusEquals === undefined || job.status === statusEquals)
    .filter((job) => nameContains === undefined || job.request.jobName.includes(nameContains))
    .filter((job) => after === undefined || job.submitTime > after)
    .filter((job) => before === undefined || job.submitTime < before)
    .sort((a, b) => a.submitTime - b.submitTime || a.seq - b.seq);
  if (sortOrder === "Descending") matching.reverse();
  const page = matching.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return next < matching.length ? { page, nextToken: encodeToken(next) } : { page };
}

function parseTime(value: string | undefined, path: string, violations: ConstraintViolation[]): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) violations.push({ path, value, constraint: "Member must be a timestamp in ISO 8601 date-time format" });
  return time;
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function decodeToken(token: string): number | undefined {
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset?: unknown };
    return Number.isInteger(offset) && (offset as number) >= 0 ? (offset as number) : undefined;
  } catch {
    return undefined;
  }
}
