/**
 * Converse `document.name`: only alphanumerics, single spaces, hyphens, parentheses and square brackets, 1-200
 * characters. Filenames break this all the time (`report_v2.final.pdf`), so every name is sanitised before sending.
 */
const MAX_NAME_LENGTH = 200;

/** `report_v2.final.pdf` -> `report v2 final`; never empty (falls back to `document`). */
export function sanitizeDocumentName(filename: string): string {
  const withoutExtension = filename.replace(/\.[^.]+$/, "");
  const cleaned = withoutExtension
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents: é -> e
    .replace(/[^A-Za-z0-9\-()[\] ]+/g, " ")
    .replace(/ {2,}/g, " ")
    .trim()
    .slice(0, MAX_NAME_LENGTH)
    .trim();
  return cleaned.length > 0 ? cleaned : "document";
}

/** The Converse rule itself, checked before a document is sent. */
export function isValidDocumentName(name: string): boolean {
  return name.length >= 1 && name.length <= MAX_NAME_LENGTH && /^[A-Za-z0-9\-()[\]]+( [A-Za-z0-9\-()[\]]+)*$/.test(name);
}
