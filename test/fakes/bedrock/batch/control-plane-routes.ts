/**
 * The batch routes of the Bedrock control plane (restJson1, as `@aws-sdk/client-bedrock` serializes them):
 *
 *   POST /model-invocation-job                        CreateModelInvocationJob
 *   GET  /model-invocation-job/{jobIdentifier}        GetModelInvocationJob   (id or ARN, percent-encoded)
 *   GET  /model-invocation-jobs?statusEquals=...      ListModelInvocationJobs
 *   POST /model-invocation-job/{jobIdentifier}/stop   StopModelInvocationJob
 *
 * Each call is recorded, authenticated like the runtime routes (SigV4 scoped to `bedrock`, or a bearer key), may meet
 * an injected fault, then runs. Returns false for paths it doesn't own.
 */
import { randomUUID } from "node:crypto";
import { checkAuthorization } from "../check-authorization.ts";
import { defaultErrorMessage, sendAwsError, validationError } from "../errors.ts";
import type { AwsError } from "../errors.ts";
import type { FaultQueue } from "../fault-queue.ts";
import type { FakeHttpRequest, FakeHttpResponse } from "../server.ts";
import { formatConstraintViolations } from "../validation-problem.ts";
import { decodePathSegment, parseJsonBody } from "../wire-text.ts";
import { isActive, jobToWire } from "./batch-job.ts";
import type { BatchJob } from "./batch-job.ts";
import type { BatchOperation, BatchRequest, BatchSettings } from "./batch-types.ts";
import { createJob } from "./create-job.ts";
import { listJobs } from "./list-jobs.ts";

/** What the routes need from the plane that owns the jobs. */
export interface ControlPlane {
  readonly requests: BatchRequest[];
  readonly faults: FaultQueue;
  readonly jobs: readonly BatchJob[];
  addJob(job: BatchJob): void;
  stop(job: BatchJob): void;
  now(): number;
  settings(): BatchSettings;
  log?: (line: string) => void;
}

interface Route {
  operation: BatchOperation;
  jobIdentifier?: string;
}

// GetModelInvocationJob / StopModelInvocationJob: jobIdentifier pattern (API reference).
const JOB_IDENTIFIER_PATTERN = "((arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:model-invocation-job/)?[a-z0-9]{12})";
const JOB_IDENTIFIER = new RegExp(`^${JOB_IDENTIFIER_PATTERN}$`);
const CREDENTIAL_REGION = /Credential=[^/]+\/\d{8}\/([^/]+)\//;

export function handleControlPlaneRequest(plane: ControlPlane, request: FakeHttpRequest, response: FakeHttpResponse): boolean {
  const [rawPath = "", rawQuery = ""] = request.path.split("?", 2);
  const route = matchRoute(request.method, rawPath);
  if (route === undefined) return false;
  const requestId = randomUUID();
  const text = request.body.toString("utf8");
  // Get, List and Stop send no body.
  const body = text.trim() === "" ? {} : parseJsonBody(text);
  const query = Object.fromEntries(new URLSearchParams(rawQuery));
  plane.requests.push({
    operation: route.operation,
    method: request.method,
    path: rawPath,
    query,
    ...(route.jobIdentifier === undefined ? {} : { jobIdentifier: route.jobIdentifier }),
    body: body ?? text,
    headers: request.headers,
  });

  const log = (status: number, note = ""): void => plane.log?.(`${route.operation} ${route.jobIdentifier ?? ""} -> ${status}${note}`.replace("  ", " "));
  const answer = (status: number, payload: unknown): void => {
    response.send(status, { "content-type": "application/json", "x-amzn-requestid": requestId }, JSON.stringify(payload));
    log(status);
  };
  const refuse = (error: AwsError): void => {
    sendAwsError(response, error, requestId);
    log(error.status, ` ${error.type}: ${error.message}`);
  };

  const authError = checkAuthorization(request.headers);
  if (authError) {
    refuse(authError);
    return true;
  }
  const modelId = route.operation === "CreateModelInvocationJob" ? modelIdOf(body) : findJob(plane.jobs, route.jobIdentifier)?.request.modelId;
  const fault = plane.faults.take(route.operation, modelId);
  if (fault) {
    refuse({ status: fault.status, type: fault.type, message: fault.message ?? defaultErrorMessage(fault.type) });
    return true;
  }
  const region = CREDENTIAL_REGION.exec(request.headers.authorization ?? "")?.[1] ?? plane.settings().region;
  const outcome = runOperation(plane, route, body, query, region);
  if ("error" in outcome) refuse(outcome.error);
  else answer(200, outcome.payload);
  return true;
}

function runOperation(
  plane: ControlPlane,
  route: Route,
  body: unknown,
  query: Record<string, string>,
  region: string,
): { payload: unknown } | { error: AwsError } {
  switch (route.operation) {
    case "CreateModelInvocationJob": {
      if (body === undefined) return { error: { status: 400, type: "SerializationException", message: "Unable to parse the request body as JSON." } };
      const created = createJob({ jobs: plane.jobs, body, region, now: plane.now(), settings: plane.settings() });
      if ("error" in created) return created;
      if (created.created) plane.addJob(created.job);
      return { payload: { jobArn: created.job.jobArn } };
    }
    case "GetModelInvocationJob": {
      const found = lookUp(plane, route.jobIdentifier);
      return "error" in found ? found : { payload: jobToWire(found.job) };
    }
    case "ListModelInvocationJobs": {
      const listed = listJobs(plane.jobs, query);
      if ("problem" in listed) return { error: validationError(listed.problem) };
      const summaries = listed.page.map(jobToWire);
      return { payload: { invocationJobSummaries: summaries, ...(listed.nextToken === undefined ? {} : { nextToken: listed.nextToken }) } };
    }
    case "StopModelInvocationJob": {
      const found = lookUp(plane, route.jobIdentifier);
      if ("error" in found) return found;
      const { job } = found;
      if (!isActive(job.status)) {
        return { error: validationError(`The job ${job.jobArn} is ${job.status} and can no longer be stopped.`) };
      }
      // Stopping again is accepted and changes nothing.
      if (job.status !== "Stopping") plane.stop(job);
      return { payload: {} };
    }
    default: {
      const unknown: never = route.operation;
      throw new Error(`unrouted operation ${String(unknown)}`);
    }
  }
}

function matchRoute(method: string, path: string): Route | undefined {
  if (path === "/model-invocation-job" && method === "POST") return { operation: "CreateModelInvocationJob" };
  if (path === "/model-invocation-jobs" && method === "GET") return { operation: "ListModelInvocationJobs" };
  const stop = /^\/model-invocation-job\/([^/]+)\/stop$/.exec(path);
  if (stop && method === "POST") return { operation: "StopModelInvocationJob", jobIdentifier: decodePathSegment(stop[1] ?? "") };
  const get = /^\/model-invocation-job\/([^/]+)$/.exec(path);
  if (get && method === "GET") return { operation: "GetModelInvocationJob", jobIdentifier: decodePathSegment(get[1] ?? "") };
  return undefined;
}

function lookUp(plane: ControlPlane, identifier: string | undefined): { job: BatchJob } | { error: AwsError } {
  if (identifier === undefined || !JOB_IDENTIFIER.test(identifier)) {
    const constraint = `Member must satisfy regular expression pattern: ${JOB_IDENTIFIER_PATTERN}`;
    return { error: validationError(formatConstraintViolations([{ path: "jobIdentifier", value: identifier, constraint }])) };
  }
  const job = findJob(plane.jobs, identifier);
  if (job === undefined) {
    return { error: { status: 404, type: "ResourceNotFoundException", message: `The batch inference job ${identifier} was not found. Check the job ARN or id and try again.` } };
  }
  return { job };
}

/** By id (the last 12 characters of the ARN) or by the whole ARN. */
export function findJob(jobs: readonly BatchJob[], identifier: string | undefined): BatchJob | undefined {
  if (identifier === undefined) return undefined;
  return jobs.find((job) => job.jobId === identifier || job.jobArn === identifier);
}

function modelIdOf(body: unknown): string | undefined {
  const modelId = typeof body === "object" && body !== null ? (body as { modelId?: unknown }).modelId : undefined;
  return typeof modelId === "string" ? modelId : undefined;
}
