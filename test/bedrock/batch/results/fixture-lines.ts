/** Lines of the batch output fixtures (copies of the shared Bedrock samples), for tests. */
import { readFileSync } from "node:fs";

export const FIXTURES_DIR = new URL("./fixtures/", import.meta.url);

export function fixtureLines(name: string): string[] {
  return readFileSync(new URL(name, FIXTURES_DIR), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0);
}
