/** Repeatable options (`--prompt a --prompt b`, `--file x --file y`): commander hands each value to this. */
export function collectOption(value: string, previous: string[]): string[] {
  return [...previous, value];
}
