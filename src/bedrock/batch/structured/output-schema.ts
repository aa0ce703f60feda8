/**
 * A JSON Schema a batch run's answers must follow (`/batch submit schema:`, `bedrock-bot batch --schema`): checked
 * once, before anything is planned, so a typo in the schema costs nothing. Its top-level properties become result
 * columns; each answer is validated against it with ajv (no coercion: "42" is not an integer).
 */
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ModelConfig } from "../../../config/schema.ts";
import { errorMessage } from "../../../format/error-message.ts";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import { supportsStructuredOutput } from "./structured-output-support.ts";

/** What a run keeps of its schema (JSON-ready: stored with the plan and the run). */
export interface OutputSchema {
  /** `JsonSchemaDefinition.name`: the schema's title or file name, as letters, digits, `_` and `-`. */
  name: string;
  /** The schema as compact JSON text (Converse takes it as a string). */
  json: string;
  /** Top-level property names, in the schema's order: the result columns. */
  properties: string[];
  /** Sent as Converse structured output; false: described in the system prompt. */
  native: boolean;
}

/** A name Bedrock accepts (`[a-zA-Z0-9_-]`, up to 64). */
const MAX_NAME = 64;

export function parseOutputSchema(text: string, fileName: string, model: Pick<ModelConfig, "model_identifier" | "structured_output">): OutputSchema {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    throw new UserFacingError(`The schema ${fileName} is not valid JSON (${errorMessage(error)}).`);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) throw new UserFacingError(`The schema ${fileName} must be a JSON object (a JSON Schema).`);
  const record = schema as Record<string, unknown>;
  if (record.type !== "object" || typeof record.properties !== "object" || record.properties === null) {
    throw new UserFacingError(`The schema ${fileName} must describe an object with "type": "object" and "properties": each property becomes a result column.`);
  }
  const properties = Object.keys(record.properties);
  if (properties.length === 0) throw new UserFacingError(`The schema ${fileName} has no properties, so there would be no columns.`);
  compileOutputSchema(record, fileName);
  const title = typeof record.title === "string" ? record.title : fileName.replace(/\.json$/i, "");
  const name = title.replace(/[^a-zA-Z0-9_-]+/g, "_").slice(0, MAX_NAME) || "output";
  return { name, json: JSON.stringify(record), properties, native: supportsStructuredOutput(model) };
}

/** The ajv validator of a schema; its `$schema` picks the draft (2020-12, 2019-09, else draft-07). */
export function compileOutputSchema(schema: Record<string, unknown>, fileName = "the schema"): ValidateFunction {
  const draft = typeof schema.$schema === "string" ? schema.$schema : "";
  const options = { allErrors: true, strict: false } as const;
  const ajv = draft.includes("2020-12") ? new Ajv2020(options) : draft.includes("2019-09") ? new Ajv2019(options) : new Ajv(options);
  try {
    return ajv.compile(schema);
  } catch (error) {
    throw new UserFacingError(`${fileName} is not a usable JSON Schema: ${errorMessage(error)}.`);
  }
}

/** The system prompt of a run whose model gets the schema in words rather than as structured output. */
export function schemaInstruction(schema: OutputSchema): string {
  return `Answer with one JSON object, and nothing else, that validates against this JSON Schema:\n${schema.json}`;
}
