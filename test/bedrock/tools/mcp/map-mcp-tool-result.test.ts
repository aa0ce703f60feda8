import { describe, expect, it } from "vitest";
import { mapMcpToolResult } from "../../../../src/bedrock/tools/mcp/map-mcp-tool-result.ts";

const PNG_BASE64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]).toString("base64");
const limits = { maxTextChars: 1000, acceptsImages: true };

describe("mapMcpToolResult", () => {
  it("GIVEN text and an image for a model that reads images WHEN mapped THEN a text block and a png image block", () => {
    const outcome = mapMcpToolResult({ content: [{ type: "text", text: "a chart:" }, { type: "image", data: PNG_BASE64, mimeType: "image/png" }] }, limits);

    expect(outcome).toEqual({ content: [{ text: "a chart:" }, { image: { format: "png", source: { bytes: Buffer.from(PNG_BASE64, "base64") } } }], status: "success", output: "a chart:\n[image]" });
  });

  it("GIVEN an image for a model that does not read images, and an svg for one that does WHEN mapped THEN each is a line saying why it was left out", () => {
    expect(mapMcpToolResult({ content: [{ type: "image", data: PNG_BASE64, mimeType: "image/png" }] }, { ...limits, acceptsImages: false }).output).toBe(
      "[image (image/png, 7 B) left out: this model does not read images in tool results]",
    );
    expect(mapMcpToolResult({ content: [{ type: "image", data: PNG_BASE64, mimeType: "image/svg+xml" }] }, limits).output).toBe("[image (image/svg+xml) left out: Bedrock takes png, jpeg, gif or webp]");
  });

  it("GIVEN isError WHEN mapped THEN status error with the server's text", () => {
    expect(mapMcpToolResult({ content: [{ type: "text", text: "no such file" }], isError: true }, limits)).toEqual({ content: [{ text: "no such file" }], status: "error", output: "no such file" });
  });

  it("GIVEN resources, audio and a resource link WHEN mapped THEN text lines naming them, text resources with their text", () => {
    const outcome = mapMcpToolResult(
      {
        content: [
          { type: "resource", resource: { uri: "file:///notes.md", text: "# Notes" } },
          { type: "resource", resource: { uri: "file:///a.bin", blob: "AAAA", mimeType: "application/octet-stream" } },
          { type: "audio", data: "AAAA", mimeType: "audio/wav" },
          { type: "resource_link", uri: "https://example.com/doc", name: "doc" },
        ],
      },
      limits,
    );

    expect(outcome.content).toEqual([
      { text: "[resource file:///notes.md]\n# Notes" },
      { text: "[binary resource file:///a.bin (application/octet-stream) left out]" },
      { text: "[audio (audio/wav, 3 B) left out: the model cannot take audio]" },
      { text: "[resource: https://example.com/doc (doc)]" },
    ]);
  });

  it("GIVEN more text than the cap WHEN mapped THEN the text is cut there with a note of how much was kept", () => {
    const outcome = mapMcpToolResult({ content: [{ type: "text", text: "x".repeat(800) }, { type: "text", text: "y".repeat(800) }] }, limits);

    expect(outcome.content).toEqual([{ text: "x".repeat(800) }, { text: "y".repeat(200) }, { text: "[output cut: 1000 of 1600 characters kept]" }]);
  });

  it("GIVEN no content but structuredContent, and nothing at all WHEN mapped THEN a json block, and (no output)", () => {
    expect(mapMcpToolResult({ content: [], structuredContent: { temperature: 21 } }, limits).content).toEqual([{ json: { temperature: 21 } }]);
    expect(mapMcpToolResult({ content: [{ type: "text", text: "" }] }, limits)).toEqual({ content: [{ text: "(no output)" }], status: "success", output: "(no output)" });
  });
});
