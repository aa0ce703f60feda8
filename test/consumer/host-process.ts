/** The host bot as a child process on the Node under test (a `WatchedProcess`, its output kept for assertions). */
import { spawnSync } from "node:child_process";
import { startWatchedProcess, type WatchedProcess } from "../e2e/watched-process.ts";

/** The node binary the hosts run on: CONSUMER_NODE (.ci/consumer-on-node.sh sets it), else the one running vitest. */
export const CONSUMER_NODE = process.env.CONSUMER_NODE || process.execPath;

/** The major version of CONSUMER_NODE. */
export function consumerNodeMajor(): number {
  const result = spawnSync(CONSUMER_NODE, ["-p", "process.versions.node"], { encoding: "utf8" });
  const major = Number.parseInt(result.stdout, 10);
  if (Number.isNaN(major)) throw new Error(`CONSUMER_NODE=${CONSUMER_NODE} does not run: ${result.error?.message ?? result.stderr}`);
  return major;
}

export function startHostProcess(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }): WatchedProcess {
  return startWatchedProcess(CONSUMER_NODE, [script], options);
}
