import type { FakeCore } from "./core.ts";

/** Options of `waitFor`. */
export interface WaitOptions {
  /** Give up after this long (real time). Default 45 s: only a guard against a hang, under the tests' 90 s. */
  timeoutMs?: number;
  /** Named in the timeout error. */
  description?: string;
}

/** How often `check` is also re-evaluated, for conditions on state outside the fake (the bot's, the client's). */
const POLL_MS = 20;

/**
 * Resolves with the first truthy value of `check`, evaluated now, after every change in the fake (REST request
 * answered, dispatch sent) and every 20 ms for conditions on state outside the fake, so tests wait for what they
 * need without sleeping. The timeout only guards against a hang; its error lists the last requests and violations.
 */
export function waitFor<T>(core: FakeCore, check: () => T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
  // A busy 2-core machine (another test suite running beside this one, megabytes of results planned and uploaded)
  // can take ten times as long as an idle one; a hang is still reported, with its last requests, before the test's
  // own timeout.
  const timeoutMs = options.timeoutMs ?? 45_000;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      unsubscribe();
      outcome();
    };
    const evaluate = (): void => {
      try {
        const value = check();
        if (value !== undefined && value !== null && value !== false) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error instanceof Error ? error : new Error(String(error))));
      }
    };
    const timer = setTimeout(() => finish(() => reject(new Error(timeoutMessage(core, options.description, timeoutMs)))), timeoutMs);
    const poll = setInterval(evaluate, POLL_MS);
    const unsubscribe = core.onChange(evaluate);
    evaluate();
  });
}

function timeoutMessage(core: FakeCore, description: string | undefined, timeoutMs: number): string {
  const recent = core.requests.slice(-10).map((r) => `  ${r.method} ${r.path} -> ${r.status}`);
  const violations = core.violations.map((v) => `  [${v.kind}] ${v.method} ${v.path}: ${v.message}`);
  return [
    `fake Discord: timed out after ${timeoutMs} ms waiting for ${description ?? "a condition"}`,
    `last requests:${recent.length > 0 ? `\n${recent.join("\n")}` : " none"}`,
    ...(violations.length > 0 ? [`violations:\n${violations.join("\n")}`] : []),
  ].join("\n");
}
