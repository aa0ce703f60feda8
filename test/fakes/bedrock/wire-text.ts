/** Reading request text as the fake's routes receive it: JSON bodies and percent-encoded path segments. */

/** The parsed body, or undefined when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A path segment decoded (model ids and job ARNs arrive percent-encoded); left as sent when it can't be. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
