/**
 * What another process costs, read from outside it so the measured program runs unmodified (Linux only):
 * - a command run to exit goes through GNU time, which reports the kernel's wait4() rusage for it: user+sys CPU of all
 *   its threads (V8's compiler and GC helpers, the loader-hooks thread tsx uses) and its peak RSS (ru_maxrss);
 * - a process still running (the bot at READY) is read from /proc/<pid>: utime+stime of all its threads, and VmHWM
 *   (the kernel's peak-RSS mark) and VmRSS. Both CPU sources count in clock ticks, i.e. 10 ms steps.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";
const CLOCK_TICKS_PER_SECOND = process.platform === "linux" ? Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" })) : 0;

export const toMb = (kilobytes: number) => Math.round((kilobytes / 1024) * 10) / 10;

/** Exits with a sentence when the platform cannot give these figures, rather than reporting zeros. */
export function requireProcessUsage(): void {
  if (process.platform !== "linux" || !existsSync(GNU_TIME)) {
    console.error(`the startup bench reads rusage through GNU time (${GNU_TIME}) and /proc: it runs on Linux with GNU time installed`);
    process.exit(2);
  }
}

export interface ExitedCost {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

/** Runs `node <args>` to exit under GNU time; wall time is spawn -> exit seen here (GNU time adds ~1 ms of exec). */
export async function runNodeToExit(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ExitedCost> {
  const dir = mkdtempSync(join(tmpdir(), "bench-time-"));
  const report = join(dir, "rusage");
  try {
    const started = performance.now();
    const child = spawn(GNU_TIME, ["-o", report, "-f", "%U %S %M", process.execPath, ...args], { ...options, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, "close")) as [number | null];
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`node ${args.join(" ")} exited ${code}: ${stderr}`);
    // GNU time prints "Command exited with non-zero status" lines before the figures; the figures are the last line.
    const [user, system, maxRssKb] = readFileSync(report, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number, number];
    return { wallMs, cpuMs: (user + system) * 1000, peakRssMb: toMb(maxRssKb) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RunningUsage {
  cpuMs: number;
  rssMb: number;
  peakRssMb: number;
}

/** CPU so far (all threads) and current / peak RSS of a running process. */
export function readRunningUsage(pid: number): RunningUsage {
  // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15 (proc(5)).
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[14 - 3]) + Number(fields[15 - 3]);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND, rssMb: toMb(kilobytes("VmRSS")), peakRssMb: toMb(kilobytes("VmHWM")) };
}
