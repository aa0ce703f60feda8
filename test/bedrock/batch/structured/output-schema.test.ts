import { describe, expect, it } from "vitest";
import { buildConverseBody } from "../../../../src/bedrock/batch/records/build-converse-body.ts";
import { checkText } from "../../../../src/bedrock/batch/structured/check-against-schema.ts";
import { compileOutputSchema, parseOutputSchema } from "../../../../src/bedrock/batch/structured/output-schema.ts";
import { supportsStructuredOutput } from "../../../../src/bedrock/batch/structured/structured-output-support.ts";

const PERSON = JSON.stringify({
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "Person record",
  type: "object",
  properties: { name: { type: "string" }, age: { type: "integer" } },
  required: ["name", "age"],
});
const SONNET_45 = { model_identifier: "us.anthropic.claude-sonnet-4-5-20250929-v1:0" };
const NOVA = { model_identifier: "us.amazon.nova-lite-v1:0" };

describe("parseOutputSchema", () => {
  it("GIVEN an object schema WHEN parsed for a model with structured output THEN native, named from its title, properties in order", () => {
    expect(parseOutputSchema(PERSON, "person.json", SONNET_45)).toEqual({ name: "Person_record", json: PERSON, properties: ["name", "age"], native: true });
    expect(parseOutputSchema(PERSON, "person.json", NOVA).native).toBe(false);
    expect(parseOutputSchema(PERSON, "person.json", { ...NOVA, structured_output: true }).native).toBe(true);
  });

  it.each([
    ["{not json", "is not valid JSON"],
    ["[1]", "must be a JSON object"],
    ['{"type": "string"}', 'must describe an object with "type": "object"'],
    ['{"type": "object", "properties": {}}', "has no properties"],
    ['{"type": "object", "properties": {"a": {"type": "strnig"}}}', "is not a usable JSON Schema"],
  ])("GIVEN %s WHEN parsed THEN refused: %s", (text, message) => {
    expect(() => parseOutputSchema(text, "s.json", NOVA)).toThrow(message);
  });
});

describe("checkText", () => {
  const validate = compileOutputSchema(JSON.parse(PERSON) as Record<string, unknown>);

  it("GIVEN a fenced valid object WHEN checked THEN valid", () => {
    expect(checkText('Sure:\n```json\n{"name": "Ada", "age": 36}\n```', validate)).toEqual({ valid: true });
  });

  it("GIVEN an age written as a string WHEN checked THEN invalid with ajv's path, never coerced", () => {
    expect(checkText('{"name": "Ada", "age": "36"}', validate)).toEqual({ valid: false, error: "/age must be integer" });
  });

  it("GIVEN prose only, or a missing property WHEN checked THEN invalid and says why", () => {
    expect(checkText("I cannot help.", validate)).toEqual({ valid: false, error: "no JSON object in the output" });
    expect(checkText('{"name": "Ada"}', validate)).toEqual({ valid: false, error: "(root) must have required property 'age'" });
  });
});

describe("buildConverseBody with a schema", () => {
  const content = [{ text: "Who?" }];

  it("GIVEN a native schema WHEN built THEN outputConfig carries it as a JSON string with its name, the system prompt is untouched", () => {
    const outputSchema = parseOutputSchema(PERSON, "person.json", SONNET_45);
    expect(buildConverseBody(content, { system: "Be exact.", outputSchema })).toEqual({
      messages: [{ role: "user", content: [{ text: "Who?" }] }],
      system: [{ text: "Be exact." }],
      outputConfig: { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: PERSON, name: "Person_record" } } } },
    });
  });

  it("GIVEN a prompt-mode schema WHEN built THEN the schema follows the system prompt and there is no outputConfig", () => {
    const body = buildConverseBody(content, { system: "Be exact.", outputSchema: parseOutputSchema(PERSON, "person.json", NOVA) });
    expect(body.outputConfig).toBeUndefined();
    expect(body.system).toEqual([{ text: `Be exact.\n\nAnswer with one JSON object, and nothing else, that validates against this JSON Schema:\n${PERSON}` }]);
  });
});

describe("supportsStructuredOutput", () => {
  it.each([
    ["us.anthropic.claude-haiku-4-5-20251001-v1:0", true],
    ["global.anthropic.claude-opus-4-6-v1", true],
    ["anthropic.claude-3-5-haiku-20241022-v1:0", false],
    ["openai.gpt-oss-120b-1:0", true],
    ["qwen.qwen3-32b-v1:0", true],
    ["us.amazon.nova-pro-v1:0", false],
  ])("GIVEN %s WHEN looked up THEN %s", (id, expected) => {
    expect(supportsStructuredOutput({ model_identifier: id })).toBe(expected);
  });
});
