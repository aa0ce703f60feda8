import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeCore } from "./core.ts";
import { DiscordError, ErrorCode, type BodyIssue } from "./discord-error.ts";
import type { RequestInfo } from "./faults.ts";
import { parseRequestBody, readRawBody, type RequestBody } from "./read-request-body.ts";
import { majorParameter, matchPath, type RouteDef, type RouteResult } from "./route.ts";
import { channelRoutes } from "./routes/channel-routes.ts";
import { commandRoutes } from "./routes/command-routes.ts";
import { interactionRoutes } from "./routes/interaction-routes.ts";
import { messageRoutes } from "./routes/message-routes.ts";
import { metaRoutes } from "./routes/meta-routes.ts";
import { specIssues } from "./spec-issues.ts";

/** Every REST route the fake answers (the README lists them). */
export const ROUTES: readonly RouteDef[] = [...metaRoutes, ...messageRoutes, ...channelRoutes, ...commandRoutes, ...interactionRoutes];

const API_PREFIX = "/api/v10";

interface Answer {
  status: number;
  headers: Record<string, string>;
  /** undefined: no body and no content type (204). */
  json?: unknown;
}

/**
 * Answers one REST request: route match, auth, injected faults, rate limits, body parsing and validation,
 * the handler, then a check of the fake's own response against Discord's schema. Everything is logged on `core`.
 */
export async function handleRestRequest(core: FakeCore, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const method = request.method ?? "GET";
  const path = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
  const found = url.pathname.startsWith(`${API_PREFIX}/`) ? findRoute(method, path) : null;
  const info: RequestInfo = { method, path, route: found?.route.name ?? "unknown" };
  // Rate limits count a request when it arrives, before its body is read, so the fake's windows stay close to
  // the client's (discord.js paces by send time).
  const admission = admit(core, request, url, info, found);
  const raw = await readRawBody(request);
  const parsed = await parseRequestBody(request.headers["content-type"], raw);
  const answer = "status" in admission ? admission : answerAdmitted(core, url, info, admission, parsed);
  core.stats.requests += 1;
  if (answer.status === 401 || answer.status === 403 || answer.status === 429) core.stats.invalidRequests += 1;
  core.requests.push({
    ...info,
    status: answer.status,
    at: Date.now(),
    body: parsed.json,
    files: parsed.files.map((f) => ({ name: f.filename, size: f.bytes.byteLength, contentType: f.contentType })),
  });
  if (answer.status >= 400) {
    const body = (answer.json ?? {}) as { code?: number; message?: string };
    core.errors.push({ ...info, status: answer.status, code: body.code ?? 0, message: body.message ?? "" });
  }
  const headers = answer.json === undefined ? answer.headers : { ...answer.headers, "Content-Type": "application/json" };
  response.writeHead(answer.status, headers);
  response.end(answer.json === undefined ? undefined : JSON.stringify(answer.json));
  core.notify();
}

function findRoute(method: string, path: string): { route: RouteDef; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

interface Admitted {
  route: RouteDef;
  params: Record<string, string>;
  /** Rate-limit headers for the answer. */
  headers: Record<string, string>;
}

/** Route match, auth, injected faults and rate limits: an early answer, or the route to run. */
function admit(core: FakeCore, request: IncomingMessage, url: URL, info: RequestInfo, found: { route: RouteDef; params: Record<string, string> } | null): Answer | Admitted {
  if (!found) {
    core.violations.push({ kind: "unknown-route", ...info, message: `the fake has no route ${info.method} ${url.pathname}`, issues: [] });
    return { status: 404, headers: {}, json: { message: "404: Not Found", code: 0 } };
  }
  const { route, params } = found;
  if (route.auth && request.headers.authorization !== `Bot ${core.options.botToken}`) {
    return { status: 401, headers: {}, json: { message: "401: Unauthorized", code: 0 } };
  }

  const fault = core.faults.take(info);
  if (fault?.kind === "429") {
    core.stats.injected429 += 1;
    return rateLimited(fault.retryAfterSec * 1000, fault.global, fault.global ? { "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global" } : { "X-RateLimit-Scope": "shared" });
  }
  if (fault?.kind === "5xx") {
    core.stats.injected5xx += 1;
    return { status: fault.status, headers: {}, json: { message: "Internal Server Error (injected)", code: 0 } };
  }

  const bucket = route.bucket === null ? null : core.options.resolvedRateLimits.buckets[route.bucket];
  const decision = core.rateLimiter.take(bucket, majorParameter(info.path), route.bucket !== null && route.auth);
  if (!decision.allowed) {
    core.stats.rateLimited += 1;
    return rateLimited(decision.retryAfterMs, decision.global, decision.headers);
  }
  return { route, params, headers: decision.headers };
}

/** Body checks, the handler, and the check of the fake's own answer. */
function answerAdmitted(core: FakeCore, url: URL, info: RequestInfo, admitted: Admitted, parsed: RequestBody): Answer {
  const { route, params, headers } = admitted;
  if (parsed.error !== null) {
    core.violations.push({ kind: "request", ...info, message: parsed.error, issues: [], body: parsed.json });
    return { status: 400, headers, json: { message: parsed.error, code: ErrorCode.InvalidJson } };
  }
  if (parsed.files.length > 0 && route.acceptsFiles !== true) {
    core.violations.push({ kind: "request", ...info, message: "files sent to a route that takes no uploads", issues: [] });
    return { status: 400, headers, json: { message: "Invalid Form Body", code: ErrorCode.InvalidFormBody } };
  }
  const uploadLimit = core.uploadLimitIn(uploadGuildOf(core, params));
  const tooLarge = parsed.files.filter((f) => f.bytes.byteLength > uploadLimit);
  if (tooLarge.length > 0) {
    const names = tooLarge.map((f) => `${f.filename} (${f.bytes.byteLength} bytes)`).join(", ");
    core.violations.push({ kind: "upload-too-large", ...info, message: `upload over ${uploadLimit} bytes: ${names}`, issues: [] });
    return { status: 413, headers, json: { message: "Request entity too large", code: ErrorCode.RequestEntityTooLarge } };
  }
  const issues: BodyIssue[] = route.validate ? route.validate(parsed.json, parsed.files, core) : [];
  if (issues.length > 0) {
    core.violations.push({ kind: "request", ...info, message: describeIssues(issues), issues, body: parsed.json });
    return { status: 400, headers, json: new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", issues).toBody() };
  }

  let result: RouteResult;
  try {
    result = route.handle({ core, params, query: url.searchParams, body: parsed.json, files: parsed.files });
  } catch (error) {
    if (!(error instanceof DiscordError)) {
      core.violations.push({ kind: "fake-error", ...info, message: `handler crashed: ${(error as Error).stack ?? String(error)}`, issues: [] });
      return { status: 500, headers, json: { message: "500: Internal Server Error", code: 0 } };
    }
    // Malformed bodies are the bot's bug even when only the handler can tell (empty message, bad callback type).
    if (error.code === ErrorCode.InvalidFormBody || error.code === ErrorCode.CannotSendEmptyMessage) {
      core.violations.push({ kind: "request", ...info, message: `${error.message}${error.issues.length > 0 ? `: ${describeIssues(error.issues)}` : ""}`, issues: [...error.issues], body: parsed.json });
    }
    return { status: error.status, headers, json: error.toBody() };
  }
  if (result.schema !== undefined && result.body !== undefined) {
    const bodies = result.many === true ? (result.body as unknown[]) : [result.body];
    const ownIssues = bodies.flatMap((body) => specIssues(result.schema!, body));
    if (ownIssues.length > 0) {
      core.violations.push({ kind: "response", ...info, message: `fake answered with an invalid ${result.schema}: ${describeIssues(ownIssues)}`, issues: ownIssues, body: result.body });
    }
  }
  return { status: result.status, headers, ...(result.status === 204 ? {} : { json: result.body ?? {} }) };
}

/** The guild whose upload limit applies: the channel's, or the interaction's (callbacks, follow-ups); null for DMs. */
function uploadGuildOf(core: FakeCore, params: Record<string, string>): string | null {
  if (params.channel !== undefined) return core.world.channels.get(params.channel)?.guildId ?? null;
  const interactions = [...core.world.interactions.values()];
  const interaction = params.interaction !== undefined ? core.world.interactions.get(params.interaction) : interactions.find((i) => i.token === params.token);
  return interaction?.guildId ?? null;
}

function rateLimited(retryAfterMs: number, global: boolean, headers: Record<string, string>): Answer {
  const retryAfter = Math.max(0, retryAfterMs) / 1000;
  return {
    status: 429,
    headers: { ...headers, "Retry-After": retryAfter.toFixed(3) },
    json: { message: "You are being rate limited.", retry_after: retryAfter, global },
  };
}

/** Issues as one line for violation messages. */
const describeIssues = (issues: readonly BodyIssue[]): string => issues.map((i) => `${i.path || "(body)"}: ${i.message}`).join("; ");
