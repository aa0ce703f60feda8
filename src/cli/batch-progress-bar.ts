/**
 * Progress for long batch work: a one-line bar (`[######--------------] 120/250 48%`), pure, and a stderr writer
 * that redraws it in place on a terminal and prints only the last state otherwise (logs stay readable).
 */

export function renderProgressBar(done: number, total: number, width = 20): string {
  const share = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(share * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${Math.floor(share * 100)}%`;
}

export interface StderrProgress {
  update(done: number, total: number): void;
  /** Ends the line (prints it once when stderr is not a terminal). */
  finish(): void;
}

export function createStderrProgress(label: string, stream: NodeJS.WriteStream = process.stderr): StderrProgress {
  let last: string | undefined;
  return {
    update: (done, total) => {
      last = `${label} ${renderProgressBar(done, total)}`;
      if (stream.isTTY) stream.write(`\r${last}`);
    },
    finish: () => {
      if (last === undefined) return;
      stream.write(stream.isTTY ? "\n" : `${last}\n`);
      last = undefined;
    },
  };
}
