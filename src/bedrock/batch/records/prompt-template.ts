/**
 * `{column}` prompt templates: parsed once per run, filled per input. `{{` and `}}` are literal braces, so a prompt can
 * still show JSON; an unmatched brace is kept as text.
 */

export type TemplatePart = { text: string } | { column: string };

const TOKEN = /\{\{|\}\}|\{([^{}]+)\}/g;

export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = "";
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    text += template.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[1] === undefined) {
      text += match[0][0]; // `{{` -> `{`, `}}` -> `}`
    } else {
      if (text !== "") parts.push({ text });
      text = "";
      parts.push({ column: match[1].trim() });
    }
  }
  text += template.slice(last);
  if (text !== "") parts.push({ text });
  return parts;
}

/** The distinct columns a template refers to, in order of first use. */
export function templateColumns(parts: readonly TemplatePart[]): string[] {
  return [...new Set(parts.flatMap((part) => ("column" in part ? [part.column] : [])))];
}

/** Fills the placeholders; `values` must hold every column (checked beforehand). */
export function fillTemplate(parts: readonly TemplatePart[], values: Readonly<Record<string, string>>): string {
  return parts.map((part) => ("column" in part ? (values[part.column] ?? "") : part.text)).join("");
}
