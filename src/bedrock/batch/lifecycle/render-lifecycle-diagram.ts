/**
 * `docs/batch-lifecycle.md`, generated from the transition table, so the diagram cannot drift from the code (a test
 * compares the committed file with this output; `npm run docs:lifecycle` writes it).
 */
import { TRANSITIONS, type TransitionRow } from "./submission-machine.ts";
import { FINAL_STATES, SUBMISSION_STATES } from "./submission.ts";

export function renderLifecycleDoc(): string {
  return [
    "# The `/batch` lifecycle",
    "",
    "Generated from `src/bedrock/batch/lifecycle/submission-machine.ts` by `npm run docs:lifecycle`; do not edit by hand.",
    "",
    "Every `/batch` submission (a plan awaiting Confirm, a draft run, a contribution to a waiting pool, a CLI run) is one",
    "stored record whose state only the transition table moves. An arrow is `event [guard] / effects`: the effects are",
    "stored with the new state and done in order by one runner under the submission's lease, each idempotent, so a",
    "process dying between two of them leaves the rest for the next one.",
    "",
    "```mermaid",
    "stateDiagram-v2",
    "    [*] --> planned: /batch submit (confirm on)",
    "    [*] --> submitting: confirm off, CLI",
    ...TRANSITIONS.map((row) => `    ${row.from} --> ${row.to}: ${label(row)}`),
    ...SUBMISSION_STATES.filter((state) => FINAL_STATES.has(state)).map((state) => `    ${state} --> [*]`),
    "```",
    "",
    "| from | event | guard | to | effects |",
    "|---|---|---|---|---|",
    ...TRANSITIONS.map((row) => `| ${row.from} | ${row.event} | ${row.when ?? ""} | ${row.to} | ${row.effects.join(", ")} |`),
    "",
    `Final states (archived, deleted after \`[batch] keep_finished_days\`): ${[...FINAL_STATES].join(", ")}.`,
    "",
  ].join("\n");
}

function label(row: TransitionRow): string {
  const guard = row.when === undefined ? "" : ` [${row.when}]`;
  const effects = row.effects.length === 0 ? "" : ` / ${row.effects.join(", ")}`;
  return `${row.event}${guard}${effects}`;
}
