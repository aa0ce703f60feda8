/**
 * A fetched resource -> the text the model reads: HTML converted to readable text by html-to-text (headings, lists,
 * tables kept as text; scripts, styles, images and link targets dropped), other text types decoded as they are, in
 * the charset the server named (UTF-8 when none or unknown). Anything else (images, PDFs, archives) is refused: the
 * model would only get bytes it cannot read.
 */
import { convert } from "html-to-text";
import { UserFacingError } from "../../errors/user-facing-error.ts";

const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
const TEXT_TYPES = new Set(["application/json", "application/xml", "application/javascript", "application/x-ndjson"]);

export interface PageText {
  title?: string;
  text: string;
}

export function pageToText(bytes: Uint8Array, contentType: string): PageText {
  const [type = "", ...params] = contentType.toLowerCase().split(";").map((part) => part.trim());
  const isHtml = HTML_TYPES.has(type) || (type === "" && looksLikeHtml(bytes));
  const isText = type.startsWith("text/") || TEXT_TYPES.has(type) || type.endsWith("+json") || type.endsWith("+xml") || type === "";
  if (!isHtml && !isText) throw new UserFacingError(`The page is ${type}, not text or HTML; fetch_url only reads text.`);
  const decoded = decode(bytes, params.find((param) => param.startsWith("charset="))?.slice("charset=".length));
  if (!isHtml) return { text: decoded.trim() };
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(decoded)?.[1];
  const text = convert(decoded, {
    wordwrap: false,
    selectors: [
      { selector: "a", options: { ignoreHref: true } },
      { selector: "img", format: "skip" },
      { selector: "nav", format: "skip" },
      { selector: "script", format: "skip" },
      { selector: "style", format: "skip" },
    ],
  });
  const cleanTitle = title === undefined ? undefined : convert(title, { wordwrap: false }).trim();
  return { ...(cleanTitle === undefined || cleanTitle === "" ? {} : { title: cleanTitle }), text: text.trim() };
}

function decode(bytes: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(charset?.replace(/"/g, "") ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function looksLikeHtml(bytes: Uint8Array): boolean {
  const start = new TextDecoder("utf-8").decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  return start.startsWith("<!doctype html") || start.startsWith("<html");
}
