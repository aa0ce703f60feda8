import { messageLimitIssues } from "./bot-limits.ts";
import type { FakeCore } from "./core.ts";
import type { BodyIssue } from "./discord-error.ts";
import type { UploadedFile } from "./message-ops.ts";
import type { BucketName } from "./rate-limits.ts";
import { specIssues } from "./spec-issues.ts";
import type { SpecSchemaName } from "./spec-schemas.ts";

/** A JSON object body. */
export type Json = Record<string, unknown>;

/** What a route handler gets. */
interface RouteContext {
  core: FakeCore;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (already validated when the route declares `body`). */
  body: unknown;
  files: UploadedFile[];
}

/** What a route handler returns; errors are thrown as DiscordError. */
export interface RouteResult {
  status: number;
  body?: unknown;
  /** Discord's schema for the response body; the fake checks its own answers against it. */
  schema?: SpecSchemaName;
  /** The body is an array of `schema`. */
  many?: boolean;
}

/** One REST route of the fake. */
export interface RouteDef {
  /** Short name used in logs and route matchers, e.g. `messages.edit`. */
  name: string;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Path after `/api/v10`, with `:param` segments. */
  path: string;
  /** Needs `Authorization: Bot <token>` (interaction callbacks and webhook-token routes do not). */
  auth: boolean;
  /** Rate-limit bucket; null for routes Discord does not limit (interaction callbacks). */
  bucket: BucketName | null;
  /** Validates the body; returns the problems (spec schema + bot limits). */
  validate?: (body: unknown, files: UploadedFile[], core: FakeCore) => BodyIssue[];
  /** Accepts multipart uploads (`files[n]`). */
  acceptsFiles?: boolean;
  handle: (context: RouteContext) => RouteResult;
}

/** Validation for a message-like body: Discord's schema, then the limits bots are held to. */
export function messageBody(schema: SpecSchemaName): (body: unknown, files: UploadedFile[]) => BodyIssue[] {
  return (body, files) => {
    const value = body ?? {};
    const issues = specIssues(schema, value);
    if (typeof value !== "object" || Array.isArray(value)) return issues;
    // The schema already caps some fields (webhook content at 2000); report each path once.
    const flagged = new Set(issues.map((i) => i.path));
    return [...issues, ...messageLimitIssues(value as Json, files.length).filter((i) => !flagged.has(i.path))];
  };
}

/** Validation for a JSON body: Discord's schema only. */
export const jsonBody =
  (schema: SpecSchemaName) =>
  (body: unknown): BodyIssue[] =>
    specIssues(schema, body ?? {});

/** The body as an object ({} for anything else). */
export const asJson = (body: unknown): Json => (typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Json) : {});

/** Matches `path` against a template; returns the decoded params or null. */
export function matchPath(template: string, path: string): Record<string, string> | null {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    let segment: string;
    try {
      segment = decodeURIComponent(got[i]!);
    } catch {
      return null;
    }
    if (part.startsWith(":")) {
      if (segment === "") return null;
      params[part.slice(1)] = segment;
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

/** The major parameter rate limits are counted per, the way discord.js derives it from the path. */
export function majorParameter(path: string): string {
  const match = /^\/webhooks\/(\d+\/[^/?]+)|^\/(?:channels|guilds|webhooks)\/(\d+)/.exec(path);
  return match?.[2] ?? match?.[1] ?? "global";
}
