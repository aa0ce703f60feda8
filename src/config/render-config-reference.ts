/**
 * The README's config reference, rendered from the same JSON Schema editors use: one table per section with each
 * key's type, default and description. Generated rather than written so the prose cannot drift from the schema and
 * its one DEFAULTS object; `bedrock-bot config docs --write` refreshes the README and a test fails when it is stale.
 */
import { readFile, writeFile } from "node:fs/promises";
import { generateConfigJsonSchema } from "./generate-config-json-schema.ts";

interface SchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  additionalProperties?: unknown;
}

const CONFIG_REFERENCE_START = "<!-- config-reference:start -->";
const CONFIG_REFERENCE_END = "<!-- config-reference:end -->";

/** Larger than any real bound: zod's "safe integer" maximum is noise in a table. */
const NO_BOUND = 1e15;

/** The first object-shaped alternative (for `api_providers`, the bedrock provider rather than a skipped foreign one). */
function objectShape(node: SchemaNode): SchemaNode {
  if (node.properties) return node;
  return node.anyOf?.find((alternative) => alternative.properties !== undefined) ?? node;
}

function describeType(node: SchemaNode): string {
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(" \\| ");
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.anyOf) return describeType(node.anyOf[0] ?? {});
  const bounds: string[] = [];
  if (node.minimum !== undefined) bounds.push(`≥ ${node.minimum}`);
  if (node.exclusiveMinimum !== undefined) bounds.push(`> ${node.exclusiveMinimum}`);
  if (node.maximum !== undefined && node.maximum < NO_BOUND) bounds.push(`≤ ${node.maximum}`);
  if (node.type === "array") return `array of ${node.items?.type ?? "values"}`;
  if (node.type === "object" && !node.properties) return "table";
  return [node.type ?? "any", ...bounds].join(" ");
}

function describeDefault(value: unknown): string {
  if (value === undefined) return "";
  if (Array.isArray(value) && value.length === 0) return "`[]`";
  const text = JSON.stringify(value);
  return `\`${text.replaceAll("|", "\\|")}\``;
}

function rows(node: SchemaNode, prefix: string): string[] {
  const lines: string[] = [];
  for (const [key, child] of Object.entries(objectShape(node).properties ?? {})) {
    const shape = objectShape(child);
    if (shape.type === "object" && shape.properties) {
      lines.push(...rows(shape, `${prefix}${key}.`));
      continue;
    }
    const description = (child.description ?? "").replaceAll("|", "\\|").replaceAll("\n", " ");
    lines.push(`| \`${prefix}${key}\` | ${describeType(child)} | ${describeDefault(child.default)} | ${description} |`);
  }
  return lines;
}

/** The kinds of a `type`-discriminated section (`[[sinks]]`: lancedb, pgvector, ...), each with its own keys. */
function typedVariants(node: SchemaNode): SchemaNode[] {
  const variants = node.oneOf ?? [];
  return variants.length > 1 && variants.every((variant) => variant.properties?.type?.const !== undefined) ? variants : [];
}

function table(node: SchemaNode): string[] {
  return ["| key | type | default | meaning |", "| --- | --- | --- | --- |", ...rows(node, ""), ""];
}

export function renderConfigReference(schema: SchemaNode = generateConfigJsonSchema()): string {
  const sections: string[] = ["### Config reference", "", "Generated from the schema (`bedrock-bot config docs --write`); defaults apply when a key is left out.", ""];
  for (const [name, section] of Object.entries(schema.properties ?? {})) {
    const isArray = section.type === "array";
    sections.push(`#### ${isArray ? `[[${name}]]` : `[${name}]`}`, "");
    if (section.description) sections.push(section.description, "");
    const shape = isArray ? (section.items ?? {}) : section;
    const variants = typedVariants(shape);
    if (variants.length === 0) sections.push(...table(shape));
    for (const variant of variants) {
      sections.push(`\`type = ${JSON.stringify(variant.properties?.type?.const)}\`${variant.description ? `: ${variant.description}` : ""}`, "", ...table(variant));
    }
  }
  return sections.join("\n");
}

/** `text` with the part between the markers replaced by `reference`. */
export function replaceConfigReference(text: string, reference: string): string {
  const start = text.indexOf(CONFIG_REFERENCE_START);
  const end = text.indexOf(CONFIG_REFERENCE_END);
  if (start < 0 || end < start) throw new Error(`markers ${CONFIG_REFERENCE_START} ... ${CONFIG_REFERENCE_END} not found`);
  return `${text.slice(0, start + CONFIG_REFERENCE_START.length)}\n${reference}\n${text.slice(end)}`;
}

export async function writeConfigReference(readmePath: string): Promise<void> {
  const text = await readFile(readmePath, "utf8");
  await writeFile(readmePath, replaceConfigReference(text, renderConfigReference()));
}
