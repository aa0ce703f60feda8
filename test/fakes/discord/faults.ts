/** What a route matcher sees of a request. */
export interface RequestInfo {
  method: string;
  /** The path after `/api/v10`, e.g. `/channels/123/messages/456`. */
  path: string;
  /** The fake's name for the route, e.g. `messages.edit` (see README); `unknown` for unmatched paths. */
  route: string;
}

/**
 * Which requests a fault applies to: a route name (`"messages.edit"`), a method + path template
 * (`"PATCH /channels/:id/messages/:id"`), a RegExp tested against `"METHOD /path"`, or a predicate.
 */
export type RouteMatcher = string | RegExp | ((request: RequestInfo) => boolean);

/** A fault injected by a test: the next `remaining` matching requests fail this way. */
export interface Fault {
  matcher: RouteMatcher;
  remaining: number;
  kind: "429" | "5xx";
  status: number;
  retryAfterSec: number;
  global: boolean;
}

/** Whether a request matches a RouteMatcher. */
function matches(matcher: RouteMatcher, request: RequestInfo): boolean {
  if (typeof matcher === "function") return matcher(request);
  if (matcher instanceof RegExp) return matcher.test(`${request.method} ${request.path}`);
  if (matcher === request.route) return true;
  const [method, template] = matcher.includes(" ") ? matcher.split(" ", 2) : [undefined, matcher];
  if (method !== undefined && method.toUpperCase() !== request.method) return false;
  return template !== undefined && templateMatches(template, request.path);
}

/** `/channels/:id/messages/:id` matches `/channels/1/messages/2`; `*` matches the rest of the path. */
function templateMatches(template: string, path: string): boolean {
  const want = template.split("/");
  const got = path.split("/");
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    if (part === "*") return true;
    if (got[i] === undefined) return false;
    if (!part.startsWith(":") && part !== got[i]) return false;
  }
  return want.length === got.length;
}

/** Faults injected by a test, served in the order they were added. */
export class FaultPlan {
  private readonly faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push(fault);
  }

  /** The first pending fault matching the request, counted as served. */
  take(request: RequestInfo): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f.matcher, request));
    if (fault) fault.remaining -= 1;
    return fault;
  }

  /** Faults not yet served (a test may assert these are zero). */
  pending(): number {
    return this.faults.reduce((sum, f) => sum + f.remaining, 0);
  }
}
