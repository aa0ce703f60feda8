/** A host bot as a child process on the Node under test, its output kept for assertions. */
import { spawn, spawnSync } from "node:child_process";

/** The node binary the hosts run on: CONSUMER_NODE (.ci/consumer-on-node.sh sets it), else the one running vitest. */
export const CONSUMER_NODE = process.env.CONSUMER_NODE || process.execPath;

/** The major version of CONSUMER_NODE. */
export function consumerNodeMajor(): number {
  const result = spawnSync(CONSUMER_NODE, ["-p", "process.versions.node"], { encoding: "utf8" });
  const major = Number.parseInt(result.stdout, 10);
  if (Number.isNaN(major)) throw new Error(`CONSUMER_NODE=${CONSUMER_NODE} does not run: ${result.error?.message ?? result.stderr}`);
  return major;
}

export interface HostProcess {
  readonly stdout: string;
  readonly stderr: string;
  /** Throws, with the host's output, once it has exited: a check given to `waitFor` then fails at once, not at the timeout. */
  assertRunning(): void;
  /** Sends SIGTERM and resolves with the exit code (null when a signal ended it). */
  terminate(): Promise<number | null>;
  /** SIGKILL if still running: cleanup after a failed test. */
  kill(): void;
}

export function startHostProcess(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }): HostProcess {
  const child = spawn(CONSUMER_NODE, [script], options);
  let stdout = "";
  let stderr = "";
  let ended: string | undefined;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => {
    child.once("close", (code, signal) => {
      ended = `exit code ${code ?? signal}`;
      resolve(code);
    });
    child.once("error", (error) => {
      ended = `could not run: ${error.message}`;
      resolve(null);
    });
  });
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    assertRunning() {
      if (ended !== undefined) throw new Error(`the host ${script} ended early (${ended})\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    },
    terminate() {
      child.kill("SIGTERM");
      return exited;
    },
    kill() {
      if (ended === undefined) child.kill("SIGKILL");
    },
  };
}
