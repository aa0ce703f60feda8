import type { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { resolveBatchInputLimits } from "../../../../src/bedrock/batch/inputs/batch-input-limits.ts";
import { expandInputs } from "../../../../src/bedrock/batch/inputs/expand-inputs.ts";
import type { S3ObjectReader } from "../../../../src/bedrock/batch/inputs/list-s3-prefix.ts";

/**
 * An S3 stand-in whose GETs wait until `expected` of them are waiting at once (or until the fallback pump releases
 * them), so the highest number in flight shows the concurrency without depending on timing.
 */
function gatedS3(keys: { key: string; size: number }[], expected: number) {
  let remaining = keys.length;
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const reader = {
    send: async (command: ListObjectsV2Command | GetObjectCommand) => {
      if (!("Key" in command.input)) return { Contents: keys.map(({ key, size }) => ({ Key: key, Size: size })), IsTruncated: false };
      const key = command.input.Key ?? "";
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const released = new Promise<void>((release) => waiting.push(release));
      if (waiting.length >= Math.min(expected, remaining)) setImmediate(releaseAll);
      await released;
      inFlight--;
      remaining--;
      return { Body: { transformToByteArray: () => Promise.resolve(new TextEncoder().encode(`text of ${key}`)) } };
    },
  } as unknown as S3ObjectReader;
  /** Releases waiting GETs in reverse order of arrival, so completion order differs from listing order. */
  function releaseAll() {
    for (const release of waiting.splice(0).reverse()) release();
  }
  return { reader, stats: () => ({ maxInFlight }), releaseAll };
}

describe("expandInputs over an S3 prefix", () => {
  it("GIVEN 40 small objects WHEN expanded THEN up to s3ReadConcurrency GETs run at once and items keep listing order", async () => {
    const keys = Array.from({ length: 40 }, (_, i) => ({ key: `in/${String(i).padStart(2, "0")}.txt`, size: 12 }));
    const s3 = gatedS3(keys, 8);
    const pump = setInterval(() => s3.releaseAll(), 50);
    const sources = [{ kind: "s3" as const, uri: "s3://bucket/in/" }];
    const order: string[] = [];
    try {
      for await (const event of expandInputs(sources, resolveBatchInputLimits({ s3ReadConcurrency: 8 }), { s3: s3.reader, allowedBuckets: ["bucket"] })) {
        if (event.type === "item") order.push(event.item.origin.source);
      }
    } finally {
      clearInterval(pump);
    }
    expect(order).toEqual(keys.map(({ key }) => `s3://bucket/${key}`));
    expect(s3.stats().maxInFlight).toBe(8);
  });

  it("GIVEN large objects WHEN expanded THEN the byte budget lowers the concurrency", async () => {
    const keys = Array.from({ length: 6 }, (_, i) => ({ key: `in/${i}.txt`, size: 40 * 1024 * 1024 }));
    const s3 = gatedS3(keys, 2);
    const pump = setInterval(() => s3.releaseAll(), 50);
    try {
      const limits = resolveBatchInputLimits({ s3ReadConcurrency: 32, s3ReadBudgetBytes: 100 * 1024 * 1024 });
      for await (const _event of expandInputs([{ kind: "s3", uri: "s3://bucket/in/" }], limits, { s3: s3.reader, allowedBuckets: ["bucket"] }));
    } finally {
      clearInterval(pump);
    }
    expect(s3.stats().maxInFlight).toBe(2);
  });
});
