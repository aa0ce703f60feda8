import { describe, expect, it } from "vitest";
import { pageToText } from "../../../../src/bedrock/tools/web/page-to-text.ts";
import { normalizeUrl, urlsInText } from "../../../../src/bedrock/tools/web/urls-in-text.ts";
import { ARTICLE_HTML } from "./ssrf-servers.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("pageToText", () => {
  it("GIVEN HTML WHEN converted THEN readable text and the title, without scripts, styles, navigation or images", () => {
    const page = pageToText(bytes(ARTICLE_HTML), "text/html; charset=utf-8");
    expect(page.title).toBe("Tide pools & you");
    expect(page.text).toContain("Tide pools are rocky pockets of sea water left behind at low tide.");
    expect(page.text).toMatch(/\* Anemones\n \* Hermit crabs/);
    for (const hidden of ["steal()", "color:red", "Home", "x.png"]) expect(page.text).not.toContain(hidden);
  });

  it("GIVEN plain text or JSON in a named charset WHEN converted THEN decoded as is", () => {
    expect(pageToText(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]), "text/plain; charset=iso-8859-1").text).toBe("café");
    expect(pageToText(bytes('{"a":1}'), "application/json").text).toBe('{"a":1}');
  });

  it("GIVEN an image or a PDF WHEN converted THEN refused: the model only reads text", () => {
    expect(() => pageToText(Uint8Array.from([0x89, 0x50]), "image/png")).toThrow("The page is image/png, not text or HTML");
    expect(() => pageToText(bytes("%PDF-1.7"), "application/pdf")).toThrow("application/pdf");
  });
});

describe("urlsInText", () => {
  it("GIVEN a message WHEN scanned THEN its http(s) URLs, normalised, without trailing punctuation or Discord's <>", () => {
    expect(urlsInText("see https://Example.com/a?b=1#top, and <http://example.org/x>. Also ftp://no.")).toEqual(["https://example.com/a?b=1", "http://example.org/x"]);
    expect(urlsInText("(https://en.wikipedia.org/wiki/Tide_pool)")).toEqual(["https://en.wikipedia.org/wiki/Tide_pool"]);
    expect(normalizeUrl("not a url")).toBeUndefined();
  });
});
