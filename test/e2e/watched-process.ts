/**
 * A child process a test talks to through its terminal, as a person would: lines written to its stdin, its output
 * (stdout and stderr together, in arrival order) waited on without sleeping. It runs in a process group of its own,
 * so stopping it also stops what it started (`npm run` runs the script as a grandchild and does not pass signals on).
 */
import { spawn, type SpawnOptions } from "node:child_process";

export interface WatchedProcess {
  /** Everything printed so far. */
  readonly output: string;
  /** What it printed on stderr alone (for assertions on its errors and warnings). */
  readonly stderr: string;
  /** Throws, with its output, once it has ended: a check given to another `waitFor` then fails at once, not at the timeout. */
  assertRunning(): void;
  /** Writes one line to its stdin. */
  writeLine(line: string): void;
  /**
   * Resolves with the first match of `pattern` in the output printed after offset `from` (default: since the start);
   * rejects, with the output, if the process ends first or after `timeoutMs` (a hang guard, not a timing assertion).
   */
  waitFor(pattern: RegExp, options: { from?: number; timeoutMs?: number; description: string }): Promise<RegExpExecArray>;
  /** Resolves with its exit code once it has ended by itself. */
  exited(): Promise<number | null>;
  /** SIGTERM to its group, then SIGKILL if it is still running after `graceMs`; resolves once it has ended. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export function startWatchedProcess(command: string, args: readonly string[], options: Pick<SpawnOptions, "cwd" | "env">): WatchedProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  let stderr = "";
  let ended: { code: number | null } | undefined;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };
  const append = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    changed();
  };
  child.stdout.on("data", append);
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
    append(chunk);
  });
  const closed = new Promise<number | null>((resolve) => {
    child.once("close", (code) => {
      ended = { code };
      changed();
      resolve(code);
    });
    child.once("error", (error) => {
      output += `\n[could not run ${command}: ${error.message}]`;
      ended = { code: null };
      changed();
      resolve(null);
    });
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    if (ended !== undefined || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  };

  return {
    get output() {
      return output;
    },
    get stderr() {
      return stderr;
    },
    assertRunning() {
      if (ended !== undefined) throw new Error(`${command} ${args.join(" ")} ended early (exit code ${ended.code ?? "none"})\n${output}`);
    },
    writeLine(line) {
      child.stdin.write(`${line}\n`);
    },
    waitFor(pattern, { from = 0, timeoutMs = DEFAULT_TIMEOUT_MS, description }) {
      return new Promise((resolve, reject) => {
        const finish = (outcome: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          outcome();
        };
        const failure = (why: string) => new Error(`${description}: ${why}\n--- output of ${command} ${args.join(" ")} ---\n${output}`);
        const check = () => {
          const match = pattern.exec(output.slice(from));
          if (match !== null) finish(() => resolve(match));
          else if (ended !== undefined) finish(() => reject(failure(`the process ended (exit code ${ended?.code ?? "none"})`)));
        };
        const timer = setTimeout(() => finish(() => reject(failure(`not seen within ${timeoutMs / 1000} s`))), timeoutMs);
        listeners.add(check);
        check();
      });
    },
    exited: () => closed,
    async stop(graceMs = 15_000) {
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}
