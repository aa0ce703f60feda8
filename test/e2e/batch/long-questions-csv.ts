/**
 * A questions CSV whose answers are large: the fake model echoes each prompt back (up to `max_tokens` * 4 characters),
 * so results.csv and results.jsonl each hold about `rows` * `chars` bytes, for tests of how result files are placed.
 */
export function longQuestionsCsv(rows: number, chars: number): Uint8Array {
  const filler = "Consider this carefully. ".repeat(Math.ceil(chars / 25)).slice(0, chars);
  const lines = ["id,question", ...Array.from({ length: rows }, (_, index) => `${index + 1},${filler} What is ${index + 1} squared?`)];
  return Buffer.from(`${lines.join("\n")}\n`);
}
