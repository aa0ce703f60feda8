/**
 * An MCP tool's `inputSchema` as the Converse `toolSpec.inputSchema.json`. MCP requires an object schema, and so do
 * Bedrock's models (Anthropic's rejects a top-level type other than "object"); the `$schema` header is dropped as it
 * is for built-in tools. A schema that is not an object schema is refused with the reason, rather than sent to fail
 * every request that offers it. Pure.
 */
import type { ToolInputSchema } from "@aws-sdk/client-bedrock-runtime";

type JsonSchema = ToolInputSchema.JsonMember["json"];

export function mcpInputSchema(inputSchema: unknown): { value: JsonSchema } | { refused: string } {
  if (typeof inputSchema !== "object" || inputSchema === null || Array.isArray(inputSchema)) return { refused: "its inputSchema is not a JSON object" };
  const { $schema: _ignored, ...schema } = inputSchema as Record<string, unknown>;
  if (schema.type !== "object") return { refused: `its inputSchema has type ${JSON.stringify(schema.type)}; Bedrock takes only "object"` };
  return { value: schema as JsonSchema };
}
