/** `doctor`'s output: one line per check (and its fix, indented), then a count; or all of it as JSON. */
import { doctorExitCode, type CheckResult } from "./check-result.ts";

const LABEL = { ok: "ok  ", warn: "WARN", fail: "FAIL" } as const;

function formatCheckLine(result: CheckResult): string {
  const line = `${LABEL[result.status]} ${result.check} [${result.subject}] ${result.detail}`;
  return result.fix === undefined ? line : `${line}\n     fix: ${result.fix}`;
}

export function formatCheckReport(results: readonly CheckResult[]): string {
  const count = (status: CheckResult["status"]) => results.filter((result) => result.status === status).length;
  const summary = `${results.length} checks: ${count("ok")} ok, ${count("warn")} warnings, ${count("fail")} failed`;
  return [...results.map(formatCheckLine), summary].join("\n");
}

export function checkReportJson(results: readonly CheckResult[]): string {
  return JSON.stringify({ exitCode: doctorExitCode(results), checks: results }, null, 2);
}
