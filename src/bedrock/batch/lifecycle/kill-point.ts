/**
 * A test hook: `BDB_KILL_AT=<effect>:<before|after>` makes the process SIGKILL itself at that point of the submission
 * runner, the first time it is reached, so the crash suite can prove that a restarted bot finishes the work. Unset
 * (always, outside that suite) it costs one comparison. The line written to stderr first tells the suite the kill
 * happened where it asked, not somewhere else.
 */
import { writeSync } from "node:fs";

export type KillMoment = "before" | "after";

export type KillPoint = (effectKind: string, moment: KillMoment) => void;

export const KILL_ENV = "BDB_KILL_AT";

/** The marker line the process writes before it dies. */
export function killMarker(effectKind: string, moment: KillMoment): string {
  return `bdb-kill-point ${effectKind}:${moment}`;
}

export function killPointFromEnv(env: NodeJS.ProcessEnv = process.env): KillPoint | undefined {
  const wanted = env[KILL_ENV];
  if (wanted === undefined || wanted === "") return undefined;
  return (effectKind, moment) => {
    if (`${effectKind}:${moment}` !== wanted) return;
    writeSync(2, `${killMarker(effectKind, moment)}\n`);
    process.kill(process.pid, "SIGKILL");
  };
}
