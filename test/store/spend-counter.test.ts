/**
 * The daily spend counter on both back ends: additions from several connections (as from several bot instances) are
 * all kept, amounts add up exactly, and a day's counter expires.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSpendCounter, type SpendCounter } from "../../src/store/spend-counter.ts";

const opened: SpendCounter[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((counter) => counter.close()));
});

async function sqliteUrl(): Promise<string> {
  return `sqlite://${join(await mkdtemp(join(tmpdir(), "spend-")), "bot.sqlite")}`;
}

describe.each([
  ["sqlite", sqliteUrl],
  ["redis", () => Promise.resolve("redis://127.0.0.1:6379")],
])("spend counter on %s", (_name, makeUrl) => {
  const open = (url: string, namespace: string, now?: () => number) => {
    const counter = openSpendCounter(url, namespace, now === undefined ? {} : { now });
    opened.push(counter);
    return counter;
  };

  it("GIVEN three connections adding at once WHEN 300 small amounts are added THEN none is lost and the sum is exact", async () => {
    const url = await makeUrl();
    const namespace = `spend-test-${randomUUID()}`;
    const counters = [open(url, namespace), open(url, namespace), open(url, namespace)];

    await Promise.all(Array.from({ length: 300 }, (_, index) => counters[index % 3]!.add("g1:2026-11-22", 0.000_123, 60_000)));

    expect(await counters[0]!.get("g1:2026-11-22")).toBe(0.0369);
    expect(await counters[1]!.get("g2:2026-11-22")).toBe(0);
  });

  it("GIVEN a negative or non-finite amount WHEN added THEN refused", async () => {
    const counter = open(await makeUrl(), `spend-test-${randomUUID()}`);
    await expect(counter.add("g1", -1, 60_000)).rejects.toThrow(RangeError);
    await expect(counter.add("g1", Number.NaN, 60_000)).rejects.toThrow(RangeError);
  });
});

describe("spend counter expiry (sqlite, on the caller's clock)", () => {
  it("GIVEN a counter kept for a minute WHEN the minute passed THEN it reads 0 and a new addition starts from it", async () => {
    let time = 1_000_000;
    const counter = openSpendCounter(await sqliteUrl(), "usage-daily", { now: () => time });
    opened.push(counter);
    await counter.add("g1:day", 1.5, 60_000);
    time += 59_000;
    await counter.add("g1:day", 0.5, 60_000);
    expect(await counter.get("g1:day")).toBe(2);

    time += 2_000;
    expect(await counter.get("g1:day")).toBe(0);
    await counter.add("g1:day", 0.25, 60_000);
    expect(await counter.get("g1:day")).toBe(0.25);
  });
});
