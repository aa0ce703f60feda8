/**
 * One line of `bedrock-bot doctor`: what was checked, the outcome, and — unless it is ok — the fix, in words an
 * operator can act on. Pure data; `format-check-report.ts` prints it.
 */
type CheckStatus = "ok" | "warn" | "fail";

export interface CheckResult {
  /** Stable id of the kind of check: `aws.credentials`, `model.exists`, `discord.commands`. */
  check: string;
  /** What it was run on: a provider, a model name, a channel id. */
  subject: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** What to do about it (warn and fail only). */
  fix?: string;
}

export const ok = (check: string, subject: string, detail: string): CheckResult => ({ check, subject, status: "ok", detail });
export const warn = (check: string, subject: string, detail: string, fix: string): CheckResult => ({ check, subject, status: "warn", detail, fix });
export const fail = (check: string, subject: string, detail: string, fix: string): CheckResult => ({ check, subject, status: "fail", detail, fix });

/** 0 all ok, 1 any failure, 2 warnings only. */
export function doctorExitCode(results: readonly CheckResult[]): 0 | 1 | 2 {
  if (results.some((result) => result.status === "fail")) return 1;
  return results.some((result) => result.status === "warn") ? 2 : 0;
}
