import { describe, expect, it } from "vitest";
import { converseRequestFromRecord } from "../../../../src/bedrock/batch/run/record-to-converse-request.ts";
import { placeholderMediaUri } from "../../../../src/bedrock/batch/records/media-location.ts";

describe("converseRequestFromRecord", () => {
  it("GIVEN a wire record with a base64 image and a system prompt THEN the live request has the bytes decoded", () => {
    const bytes = Uint8Array.from([137, 80, 78, 71]);
    const request = converseRequestFromRecord({
      recordId: "R000000001",
      modelInput: {
        messages: [{ role: "user", content: [{ text: "What is this?" }, { image: { format: "png", source: { bytes: Buffer.from(bytes).toString("base64") } } }] }],
        system: [{ text: "Be brief." }],
        inferenceConfig: { maxTokens: 50 },
      },
    });
    expect(request).toEqual({
      messages: [{ role: "user", content: [{ text: "What is this?" }, { image: { format: "png", source: { bytes } } }] }],
      system: [{ text: "Be brief." }],
      inferenceConfig: { maxTokens: 50 },
    });
  });

  it("GIVEN a video by placeholder s3Location THEN the record's media bytes are inlined", () => {
    const video = Uint8Array.from([1, 2, 3]);
    const request = converseRequestFromRecord({
      recordId: "R000000001",
      modelInput: { messages: [{ role: "user", content: [{ text: "Describe" }, { video: { format: "mp4", source: { s3Location: { uri: placeholderMediaUri("media/000001-a.mp4") } } } }] }] },
      media: [{ key: "media/000001-a.mp4", bytes: video, contentType: "video/mp4" }],
    });
    expect(request.messages[0]?.content?.[1]).toEqual({ video: { format: "mp4", source: { bytes: video } } });
  });
});
