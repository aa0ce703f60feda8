/**
 * A guardrail trace (`trace.guardrail` of a Converse response or ConverseStream metadata) -> one short line per policy
 * that acted, for admins: `input · content filter VIOLENCE (HIGH) → BLOCKED`. The raw trace holds the user's text and
 * the model's blocked output (`modelOutput`), so it is logged, never shown; these lines name policies and matches only.
 */
import type { GuardrailAssessment, GuardrailTraceAssessment } from "@aws-sdk/client-bedrock-runtime";

/** Cut long matches (a PII value, a custom word) so one line stays a line. */
const MAX_MATCH = 40;

export function summarizeGuardrailTrace(trace: GuardrailTraceAssessment | undefined): string[] {
  if (trace === undefined) return [];
  const lines: string[] = [];
  for (const assessment of Object.values(trace.inputAssessment ?? {})) lines.push(...describeAssessment("input", assessment));
  for (const assessments of Object.values(trace.outputAssessments ?? {})) {
    for (const assessment of assessments) lines.push(...describeAssessment("output", assessment));
  }
  if (lines.length === 0 && trace.actionReason !== undefined) lines.push(trace.actionReason);
  return [...new Set(lines)];
}

/** Only entries that acted (an action other than NONE, or `detected`). */
function describeAssessment(side: "input" | "output", assessment: GuardrailAssessment): string[] {
  const lines: string[] = [];
  const add = (what: string, action: string | undefined, detected: boolean | undefined) => {
    if ((action === undefined || action === "NONE") && detected !== true) return;
    lines.push(`${side} · ${what} → ${action ?? "DETECTED"}`);
  };
  for (const topic of assessment.topicPolicy?.topics ?? []) add(`denied topic "${topic.name ?? "?"}"`, topic.action, topic.detected);
  for (const filter of assessment.contentPolicy?.filters ?? []) {
    add(`content filter ${filter.type ?? "?"} (${filter.confidence ?? "?"} confidence)`, filter.action, filter.detected);
  }
  for (const word of assessment.wordPolicy?.customWords ?? []) add(`custom word "${short(word.match)}"`, word.action, word.detected);
  for (const word of assessment.wordPolicy?.managedWordLists ?? []) add(`managed word list ${word.type ?? "?"}`, word.action, word.detected);
  for (const pii of assessment.sensitiveInformationPolicy?.piiEntities ?? []) add(`sensitive information ${pii.type ?? "?"}`, pii.action, pii.detected);
  for (const regex of assessment.sensitiveInformationPolicy?.regexes ?? []) add(`regex "${short(regex.name ?? regex.regex)}"`, regex.action, regex.detected);
  for (const filter of assessment.contextualGroundingPolicy?.filters ?? []) {
    add(`contextual grounding ${filter.type ?? "?"} (score ${filter.score ?? "?"} < threshold ${filter.threshold ?? "?"})`, filter.action, filter.detected);
  }
  return lines;
}

function short(text: string | undefined): string {
  if (text === undefined) return "?";
  return text.length <= MAX_MATCH ? text : `${text.slice(0, MAX_MATCH - 1)}…`;
}
