/** Small measuring helpers shared by the benchmarks: percentiles of samples, and peak RSS while a task runs. */

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export function summarizeLatencies(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    samples: sorted.length,
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)),
  };
}

/**
 * Runs `task` while sampling RSS every 10 ms; returns its result, the peak RSS and the RSS before it started (MB).
 * A task that stays on microtasks for long stretches starves the sampler; the final sample after it bounds that.
 */
export async function withPeakRss<T>(task: () => Promise<T>): Promise<{ result: T; peakRssMb: number; startRssMb: number }> {
  const toMb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    const result = await task();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakRssMb: toMb(peak), startRssMb: toMb(startRss) };
  } finally {
    clearInterval(timer);
  }
}

/** The median of each numeric field over runs of the same measurement (the upper median for an even count). */
export function medianOfEach<T extends { [K in keyof T]: number }>(runs: readonly T[]): T {
  const keys = Object.keys(runs[0] ?? {}) as (keyof T)[];
  const median = (key: keyof T) => {
    const sorted = runs.map((run): number => run[key]).sort((a, b) => a - b);
    return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
  };
  return Object.fromEntries(keys.map((key) => [key, median(key)])) as T;
}
