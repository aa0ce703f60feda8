import { describe, expect, it } from "vitest";
import { seededShuffle } from "./seeded-shuffle.ts";

const items = Array.from({ length: 50 }, (_, index) => index);

describe("seededShuffle", () => {
  it("GIVEN the same seed WHEN shuffled twice THEN the same permutation, not the input order, nothing lost", () => {
    const first = seededShuffle(items, "job/a.jsonl");

    expect(seededShuffle(items, "job/a.jsonl")).toEqual(first);
    expect(first).not.toEqual(items);
    expect([...first].sort((a, b) => a - b)).toEqual(items);
  });

  it("GIVEN another seed WHEN shuffled THEN another permutation, and the input is left alone", () => {
    const copy = [...items];

    expect(seededShuffle(items, "job/b.jsonl")).not.toEqual(seededShuffle(items, "job/a.jsonl"));
    expect(items).toEqual(copy);
  });
});
