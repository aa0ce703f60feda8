import { describe, expect, it } from "vitest";
import { channelUploadLimit, groupAttachments, planResultAttachments, type ResultFile } from "../../../src/bot/batch/plan-result-attachments.ts";

const MB = 1024 * 1024;

function file(name: string, size: number): ResultFile {
  return { name, path: `/tmp/out/${name}`, size };
}

const summarize = (decisions: ReturnType<typeof planResultAttachments>) =>
  decisions.map((decision) => {
    switch (decision.action) {
      case "attach":
        return `${decision.file.name}: attach`;
      case "split":
        return `${decision.file.name}: split ~${decision.estimatedParts} (max ${decision.maxParts})`;
      case "link":
        return `${decision.file.name}: link (${decision.reason})`;
      default: {
        const unexpected: never = decision;
        return unexpected;
      }
    }
  });

describe("planResultAttachments", () => {
  it("GIVEN small result files WHEN planned at the default 10 MiB THEN all attached, in their order", () => {
    const files = [file("results.csv", 2 * MB), file("results.jsonl", 5 * MB), file("summary.json", 900), file("run.json", 400)];

    expect(summarize(planResultAttachments(files))).toEqual(["results.csv: attach", "results.jsonl: attach", "summary.json: attach", "run.json: attach"]);
  });

  it("GIVEN a CSV and a JSONL over the limit WHEN planned THEN split into estimated parts with a little room, the rest attached", () => {
    const files = [file("results.csv", 25 * MB), file("results.jsonl", 12 * MB), file("summary.json", 900)];

    expect(summarize(planResultAttachments(files))).toEqual(["results.csv: split ~3 (max 4)", "results.jsonl: split ~2 (max 3)", "summary.json: attach"]);
  });

  it("GIVEN a boosted guild's 50 MiB limit WHEN planned THEN what fits that limit is attached whole", () => {
    expect(summarize(planResultAttachments([file("results.csv", 25 * MB)], { uploadLimitBytes: 50 * MB }))).toEqual(["results.csv: attach"]);
  });

  it("GIVEN files no split can attach WHEN planned THEN linked, each with a reason", () => {
    const files = [file("results.csv", 60 * MB), file("vectors.npy", 11 * MB), file("results.jsonl", 8 * MB)];

    expect(summarize(planResultAttachments(files))).toEqual([
      "results.csv: link (results.csv is 60.0 MB: it would take 7 parts of 10.0 MB to attach.)",
      "vectors.npy: link (vectors.npy is 11.0 MB, over the 10.0 MB upload limit.)",
      "results.jsonl: attach",
    ]);
  });

  it("GIVEN more parts than one notice's three messages hold WHEN planned THEN the largest file is linked, the smaller ones kept", () => {
    const files = [
      ...Array.from({ length: 12 }, (_, index) => file(`part-${index}.jsonl`, 40 * MB)),
      file("summary.json", 900),
    ];

    const decisions = planResultAttachments(files, { maxMessages: 1 });

    expect(decisions.filter((decision) => decision.action === "split")).toHaveLength(1);
    expect(decisions.find((decision) => decision.file.name === "summary.json")?.action).toBe("attach");
    expect(decisions.filter((decision) => decision.action === "link").map((decision) => decision.action === "link" && decision.reason)).toContain(
      "part-1.jsonl is 40.0 MB, and its parts did not fit in the message.",
    );
  });

  it("GIVEN 35 small files WHEN planned THEN 30 attached (three messages of ten) and the 5 largest linked", () => {
    const files = Array.from({ length: 35 }, (_, index) => file(`f${index}.csv`, 1000 + index));

    const decisions = planResultAttachments(files);

    expect(decisions.filter((decision) => decision.action === "attach")).toHaveLength(30);
    expect(decisions.filter((decision) => decision.action === "link").map((decision) => decision.file.name)).toEqual(["f30.csv", "f31.csv", "f32.csv", "f33.csv", "f34.csv"]);
  });
});

describe("groupAttachments", () => {
  it("GIVEN 23 files, or none WHEN grouped THEN messages of at most ten, and one (empty) message for none", () => {
    const files = Array.from({ length: 23 }, (_, index) => index);
    expect(groupAttachments(files).map((group) => group.length)).toEqual([10, 10, 3]);
    expect(groupAttachments([])).toEqual([[]]);
  });
});

describe("channelUploadLimit", () => {
  it("GIVEN a boosted channel's limit WHEN chosen THEN it is used, capped at Discord's largest guild limit", () => {
    expect([channelUploadLimit(25 * MB), channelUploadLimit(50 * MB), channelUploadLimit(2048 * MB)]).toEqual([25 * MB, 50 * MB, 100 * MB]);
  });

  it("GIVEN no limit, the default, less than the default, or garbage WHEN chosen THEN the default given stands", () => {
    const chosen = [undefined, 10 * MB, 8 * MB, 0, -1, Number.NaN, Number.POSITIVE_INFINITY].map((limit) => channelUploadLimit(limit, 1000));
    expect(chosen).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1000]);
  });

  it("GIVEN a default above the channel's claim WHEN chosen THEN the default wins", () => {
    expect(channelUploadLimit(25 * MB, 40 * MB)).toBe(40 * MB);
  });
});
