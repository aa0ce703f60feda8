/**
 * IAM's identity-policy evaluation for the subset our policies use (IAM User Guide, "Policy evaluation logic"): an
 * explicit Deny wins, else any matching Allow, else implicit deny. A statement matches when an Action pattern and a
 * Resource pattern match (`*` and `?` wildcards, case-insensitive actions) and every condition holds on the request
 * context; a condition key absent from the context makes the statement not match (and is reported as missing).
 * Shared by the fake IAM's SimulatePrincipalPolicy and the tests of the generated policies.
 */

type EvalDecision = "allowed" | "explicitDeny" | "implicitDeny";

interface Statement {
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyLike {
  Statement: Statement[] | Statement;
}

export interface EvalRequest {
  action: string;
  resource: string;
  /** Condition keys of the request, e.g. `s3:prefix`, `iam:PassedToService`. */
  context?: Record<string, string>;
}

export interface EvalResult {
  decision: EvalDecision;
  missingContextValues: string[];
}

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM wildcard match: `*` any run of characters, `?` one character. */
function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, caseInsensitive ? "is" : "s").test(value);
}

export function evaluatePolicies(policies: readonly PolicyLike[], request: EvalRequest): EvalResult {
  const missing = new Set<string>();
  let allowed = false;
  for (const policy of policies) {
    for (const statement of asList(policy.Statement as never) as unknown as Statement[]) {
      if (!asList(statement.Action).some((pattern) => wildcardMatch(pattern, request.action, true))) continue;
      if (!asList(statement.Resource).some((pattern) => wildcardMatch(pattern, request.resource))) continue;
      if (!conditionsHold(statement.Condition, request.context ?? {}, missing)) continue;
      if (statement.Effect === "Deny") return { decision: "explicitDeny", missingContextValues: [] };
      allowed = true;
    }
  }
  return { decision: allowed ? "allowed" : "implicitDeny", missingContextValues: allowed ? [] : [...missing] };
}

function conditionsHold(condition: Statement["Condition"], context: Record<string, string>, missing: Set<string>): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = context[key];
      if (actual === undefined) {
        missing.add(key);
        return false;
      }
      const values = asList(expected);
      const holds = operator === "StringEquals" || operator === "ArnEquals" ? values.includes(actual) : operator === "StringLike" || operator === "ArnLike" ? values.some((pattern) => wildcardMatch(pattern, actual)) : false;
      if (!holds) return false;
    }
  }
  return true;
}
