import { describe, expect, it } from "vitest";
import { toCitedPassage } from "../../../src/bedrock/citations/cited-passage.ts";
import { withDocumentCitations } from "../../../src/bedrock/citations/with-document-citations.ts";

describe("toCitedPassage", () => {
  it("GIVEN a Citation with a char location WHEN converted THEN keeps the title, the range and the joined quote", () => {
    const passage = toCitedPassage({
      title: "handbook",
      sourceContent: [{ text: "Leave is 25 days" }, { text: " a year." }],
      location: { documentChar: { documentIndex: 0, start: 120, end: 144 } },
    });

    expect(passage).toEqual({ document: "handbook", location: { unit: "char", start: 120, end: 144 }, quote: "Leave is 25 days a year." });
  });

  it("GIVEN a page citation without a title WHEN converted THEN names the document by its 1-based position", () => {
    expect(toCitedPassage({ location: { documentPage: { documentIndex: 1, start: 2, end: 3 } } })).toEqual({
      document: "document 2",
      location: { unit: "page", start: 2, end: 3 },
      quote: "",
    });
  });

  it("GIVEN a chunk location and a web location WHEN converted THEN both are kept in their own shape", () => {
    expect(toCitedPassage({ title: "a", location: { documentChunk: { documentIndex: 0, start: 4 } } }).location).toEqual({ unit: "chunk", start: 4 });
    expect(toCitedPassage({ title: "b", location: { web: { url: "https://example.com/x" } } }).location).toEqual({ url: "https://example.com/x" });
  });
});

describe("withDocumentCitations", () => {
  it("GIVEN history with a document and a text-only turn WHEN citations are enabled THEN only document blocks gain citations, nothing else changes", () => {
    const bytes = new Uint8Array([104, 105]);
    const messages = [
      { role: "user" as const, content: [{ text: "Summarise" }, { document: { format: "txt" as const, name: "notes", source: { bytes } } }] },
      { role: "assistant" as const, content: [{ text: "Done." }] },
    ];

    const result = withDocumentCitations(messages);

    expect(result[0]?.content?.[1]).toEqual({ document: { format: "txt", name: "notes", source: { bytes }, citations: { enabled: true } } });
    expect(result[0]?.content?.[0]).toEqual({ text: "Summarise" });
    expect(result[1]).toBe(messages[1]);
    expect(messages[0]?.content[1]).not.toHaveProperty("document.citations");
  });
});
