import { describe, expect, it } from "vitest";
import { mediaKey, placeholderMediaUri, resolveMediaUris } from "../../../../src/bedrock/batch/records/media-location.ts";
import { toWireJson } from "../../../../src/bedrock/batch/records/to-wire-json.ts";

describe("media locations", () => {
  it("GIVEN a filename with spaces and accents WHEN keyed THEN the key is numbered and S3-safe", () => {
    expect(mediaKey(7, "my clip (été).mp4")).toBe("media/000007-my_clip_ete_.mp4");
  });

  it("GIVEN a body with a placeholder video URI WHEN resolved for a job folder THEN only placeholder URIs change", () => {
    const body = {
      messages: [
        {
          role: "user",
          content: [
            { video: { format: "mp4", source: { s3Location: { uri: placeholderMediaUri("media/000001-a.mp4") } } } },
            { text: "uri s3://<input-folder>/ stays in text" },
          ],
        },
      ],
    };
    expect(resolveMediaUris(body, "s3://batch/bot/run-1/job-1/input")).toEqual({
      messages: [
        {
          role: "user",
          content: [
            { video: { format: "mp4", source: { s3Location: { uri: "s3://batch/bot/run-1/job-1/input/media/000001-a.mp4" } } } },
            { text: "uri s3://<input-folder>/ stays in text" },
          ],
        },
      ],
    });
    expect(body.messages[0]?.content[0]).toEqual({ video: { format: "mp4", source: { s3Location: { uri: "s3://<input-folder>/media/000001-a.mp4" } } } });
  });
});

describe("toWireJson", () => {
  it("GIVEN SDK content with bytes and undefined fields WHEN converted THEN bytes are base64 and undefined fields gone", () => {
    const bytes = new Uint8Array([0, 1, 2, 250]);
    expect(toWireJson([{ image: { format: "png", source: { bytes } }, text: undefined }, { text: "hi" }])).toEqual([
      { image: { format: "png", source: { bytes: "AAEC+g==" } } },
      { text: "hi" },
    ]);
  });

  it("GIVEN a view into a larger buffer WHEN converted THEN only the viewed bytes are encoded", () => {
    const whole = new Uint8Array([9, 9, 1, 2, 9]);
    expect(toWireJson(whole.subarray(2, 4))).toBe("AQI=");
  });
});
