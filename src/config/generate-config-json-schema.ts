/**
 * JSON Schema of the config's INPUT shape (keys with defaults are optional), generated from the one zod schema.
 * Committed as `config/model_config.schema.json`; the example file points at it (`#:schema`), so Taplo / Even Better
 * TOML show each key's description on hover and flag wrong types while typing. `npm run config:schema` rewrites it;
 * a test fails when the committed copy is stale.
 */
import { writeFile } from "node:fs/promises";
import { z } from "zod";
import { ENV_NAME_PATTERN } from "./resolve-env-references.ts";
import { CONFIG_JSON_SCHEMA_PATH } from "./config-file-paths.ts";
import { configSchema } from "./schema.ts";

export function generateConfigJsonSchema(): object {
  // draft-07: the newest draft TOML editors' schema support (Taplo, VS Code) is sure to handle.
  const schema = z.toJSONSchema(configSchema, { io: "input", target: "draft-07" });
  return { ...(acceptEnvReferences(schema) as object), title: "bedrock-discord-bot model_config.toml" };
}

/** Matches a string holding a `${NAME}` or `${NAME:-default}` reference (JSON Schema patterns are unanchored). */
const ENV_REFERENCE_PATTERN = `\\$\\{${ENV_NAME_PATTERN}(:-[^}]*)?\\}`;

/**
 * References are resolved before validation, so a string with a pattern or format (region, URLs, role ARN) must also
 * accept `"${AWS_REGION:-us-east-1}"` in the editor, or the example file itself would be flagged.
 */
function acceptEnvReferences(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(acceptEnvReferences);
  if (typeof node !== "object" || node === null) return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, acceptEnvReferences(value)]));
  if (copy.type !== "string" || (copy.pattern === undefined && copy.format === undefined)) return copy;
  const { type, pattern, format, ...annotations } = copy;
  const strict = { type, ...(pattern === undefined ? {} : { pattern }), ...(format === undefined ? {} : { format }) };
  return { ...annotations, anyOf: [strict, { type: "string", pattern: ENV_REFERENCE_PATTERN }] };
}

/** The file's exact text: two-space JSON and a final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(generateConfigJsonSchema(), null, 2)}\n`;
}

export async function writeConfigJsonSchema(path: string = CONFIG_JSON_SCHEMA_PATH): Promise<void> {
  await writeFile(path, configJsonSchemaText());
}
