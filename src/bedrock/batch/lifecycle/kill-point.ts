/**
 * A test hook: `BDB_KILL_AT=<point>:<before|after>` makes the process SIGKILL itself at that point of the submission
 * runner, the first time it is reached — a point is a transition (`rowKey`, around storing it) or one of its effects
 * (`<rowKey>/<effect kind>`, around doing it) — so the crash suite can prove that a restarted bot finishes the work. Unset
 * (always, outside that suite) it costs one comparison. The line written to stderr first tells the suite the kill
 * happened where it asked, not somewhere else.
 */
import { writeSync } from "node:fs";

export type KillMoment = "before" | "after";

export type KillPoint = (point: string, moment: KillMoment) => void;

const KILL_ENV = "BDB_KILL_AT";

/** The marker line the process writes before it dies. */
function killMarker(point: string, moment: KillMoment): string {
  return `bdb-kill-point ${point}:${moment}`;
}

export function killPointFromEnv(env: NodeJS.ProcessEnv = process.env): KillPoint | undefined {
  const wanted = env[KILL_ENV];
  if (wanted === undefined || wanted === "") return undefined;
  return (point, moment) => {
    if (`${point}:${moment}` !== wanted) return;
    writeSync(2, `${killMarker(point, moment)}\n`);
    process.kill(process.pid, "SIGKILL");
  };
}
