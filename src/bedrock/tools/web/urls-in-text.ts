/**
 * The http(s) URLs written in a message, normalised (`new URL().href`, fragment dropped) so the URL the model asks
 * for can be compared with the ones people wrote. Discord's `<https://…>` (a link without preview) counts; trailing
 * sentence punctuation does not belong to the URL.
 */
const URL_PATTERN = /https?:\/\/[^\s<>"'`|]+/gi;
const TRAILING = /[.,;:!?)\]}*_~]+$/;

export function urlsInText(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const normal = normalizeUrl(match[0].replace(TRAILING, ""));
    if (normal !== undefined) found.push(normal);
  }
  return found;
}

/** `href` without the fragment (never sent to the server anyway); `undefined` for text that is not a URL. */
export function normalizeUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    url.hash = "";
    return url.href;
  } catch {
    return undefined;
  }
}
