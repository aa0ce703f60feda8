/**
 * Read-modify-write steps on one key, one after another: keyv has no transactions, so two `/model` commands or two
 * usage records arriving together would otherwise both read the old value and one write would be lost. This orders
 * them within one process; several bot instances on one redis can still interleave (see the repositories' notes).
 */
export type RunPerKey = <T>(key: string, task: () => Promise<T>) => Promise<T>;

export function createRunPerKey(): RunPerKey {
  /** The last queued task per key; removed when it settles and nothing queued behind it. */
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
