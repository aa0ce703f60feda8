/** A thrown value as a sentence to show or log: an `Error`'s message, anything else (a string, a rejection value) as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
