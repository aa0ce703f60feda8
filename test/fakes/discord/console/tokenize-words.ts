/**
 * Splits console input into words the way a shell would, so option values and file paths may hold spaces:
 * whitespace separates words; "double" or 'single' quotes keep spaces and may sit inside a word
 * (`prompt:"Answer briefly"` is the one word `prompt:Answer briefly`); a backslash takes the next character as it is,
 * outside quotes and inside double quotes. An unclosed quote is an error rather than a guess.
 */
export function tokenizeWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === "\\" && quote !== "'" && index + 1 < text.length) {
      word = (word ?? "") + text[++index]!;
    } else if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else word = (word ?? "") + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= ""; // "" is a word of its own: an empty value
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + char;
    }
  }
  if (quote !== undefined) throw new Error(`a ${quote} quote is not closed`);
  if (word !== undefined) words.push(word);
  return words;
}
