import { describe, expect, it } from "vitest";
import { tokenizeWords } from "./tokenize-words.ts";

describe("tokenizeWords", () => {
  it("GIVEN words with quoted parts WHEN split THEN quotes keep spaces, also inside a word, and are dropped", () => {
    expect(tokenizeWords(`submit file1:"my file.csv" prompt:'say "hi"'  max_tokens:5`)).toEqual(["submit", "file1:my file.csv", 'prompt:say "hi"', "max_tokens:5"]);
  });

  it('GIVEN an empty quoted value and escapes WHEN split THEN "" is an empty word and a backslash keeps the next character', () => {
    expect(tokenizeWords(String.raw`system:"" a\ b "x\"y"`)).toEqual(["system:", "a b", 'x"y']);
  });

  it("GIVEN an unclosed quote WHEN split THEN it is refused instead of guessed", () => {
    expect(() => tokenizeWords('prompt:"no end')).toThrow('a " quote is not closed');
  });
});
