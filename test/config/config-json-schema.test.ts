import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { configJsonSchemaText } from "../../src/config/generate-config-json-schema.ts";
import { CONFIG_JSON_SCHEMA_PATH, generateConfigJsonSchema } from "../../src/config/index.ts";

describe("config JSON Schema", () => {
  it("GIVEN the zod schema WHEN regenerated THEN it equals the committed config/model_config.schema.json", async () => {
    const committed = await readFile(CONFIG_JSON_SCHEMA_PATH, "utf8");
    expect(committed, `${CONFIG_JSON_SCHEMA_PATH} is stale: run npm run config:schema and commit the result`).toEqual(configJsonSchemaText());
  });

  it("GIVEN the input shape WHEN generated THEN keys with defaults are optional and only the identifying keys are required", () => {
    const schema = generateConfigJsonSchema() as {
      required?: string[];
      properties: { models: { items: { required: string[] } }; api_providers: { items: { anyOf: { required: string[] }[] } } };
    };
    expect({
      top: schema.required,
      model: schema.properties.models.items.required,
      providers: schema.properties.api_providers.items.anyOf.map((option) => option.required),
    }).toEqual({ top: undefined, model: ["model_identifier", "name", "api_provider"], providers: [["name"], ["name", "client_type"]] });
  });

  it("GIVEN a string with a pattern WHEN generated THEN an environment reference is accepted too, so the example's region is valid", () => {
    const schema = generateConfigJsonSchema() as {
      properties: { api_providers: { items: { anyOf: { properties: { extra_params: { properties: { region: object } } } }[] } } };
    };
    expect(schema.properties.api_providers.items.anyOf[0]?.properties.extra_params.properties.region).toEqual({
      default: "us-east-1",
      description: "AWS region of Bedrock (and of the batch bucket).",
      anyOf: [
        { type: "string", pattern: "^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}$" },
        { type: "string", pattern: "\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}" },
      ],
    });
  });
});
