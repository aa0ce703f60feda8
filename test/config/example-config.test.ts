/** The committed example: the file a new user starts from, and the fallback when there is no config. */
import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { findUnknownKeys } from "../../src/config/find-unknown-keys.ts";
import { DEFAULTS, defaultChatModel, EXAMPLE_CONFIG_PATH, loadConfig } from "../../src/config/index.ts";
import { configSchema } from "../../src/config/schema.ts";

/** Header lines (commented or not) and the `# key = value` lines that show optional settings, uncommented. */
function commentedSettings(text: string): string {
  return text
    .split("\n")
    .flatMap((line) => {
      const header = /^#?\s?(\[\[?[a-z_.]+\]\]?)\s*(#.*)?$/.exec(line);
      if (header?.[1]) return [header[1]];
      const setting = /^#\s?([a-z0-9_]+\s*=\s*\S.*)$/.exec(line);
      return setting?.[1] ? [setting[1]] : [];
    })
    .join("\n");
}

/** Which DEFAULTS group each table of the example's commented settings documents. */
function defaultsFor(document: Record<string, unknown>): [string, Record<string, unknown> | undefined, Readonly<Record<string, unknown>>][] {
  const first = (key: string): Record<string, unknown> | undefined => (document[key] as Record<string, unknown>[] | undefined)?.[0];
  return [
    ["api_providers[0]", first("api_providers"), DEFAULTS.provider],
    ["api_providers[0].extra_params", first("api_providers")?.extra_params as Record<string, unknown> | undefined, DEFAULTS.provider],
    ["models[0]", first("models"), DEFAULTS.model],
    ["models[0].batch", first("models")?.batch as Record<string, unknown> | undefined, DEFAULTS.batch],
    ["bot", document.bot as Record<string, unknown> | undefined, DEFAULTS.bot],
    ["batch", document.batch as Record<string, unknown> | undefined, DEFAULTS.batch],
    ["storage", document.storage as Record<string, unknown> | undefined, DEFAULTS.storage],
    ["tools[0]", first("tools"), DEFAULTS.tool],
  ];
}

describe("GIVEN the committed example config", () => {
  it("WHEN loaded with an empty env THEN it loads without errors or warnings and everything in it is usable", async () => {
    const config = await loadConfig(EXAMPLE_CONFIG_PATH, {});
    expect({ warnings: config.warnings, unavailable: config.unavailable }).toEqual({ warnings: [], unavailable: [] });
    expect(config.providers.map(({ name, api_key, extra_params }) => ({ name, api_key, region: extra_params.region }))).toEqual([
      { name: "bedrock_us_east", api_key: "", region: "us-east-1" },
    ]);
    expect(config.models.map(({ name, kind }) => `${name} (${kind})`)).toEqual([
      "claude-sonnet-4 (chat)",
      "claude-haiku-3.5 (chat)",
      "nova-micro (chat)",
      "nova-lite (chat)",
      "nova-pro (chat)",
      "llama-3.3-70b (chat)",
      "titan-embed-v2 (embedding)",
    ]);
    expect(defaultChatModel(config)?.name).toEqual("nova-lite");
  });

  it("WHEN AWS_REGION is set THEN the provider follows it", async () => {
    const config = await loadConfig(EXAMPLE_CONFIG_PATH, { AWS_REGION: "eu-central-1" });
    expect(config.providers[0]?.extra_params.region).toEqual("eu-central-1");
  });

  it("WHEN opened in an editor THEN its first line points Taplo at the committed JSON Schema", async () => {
    const text = await readFile(EXAMPLE_CONFIG_PATH, "utf8");
    expect(text.split("\n")[0]).toEqual("#:schema ./model_config.schema.json");
  });

  it("WHEN its commented-out settings are read THEN each is a known key, and those with a default show DEFAULTS' value", async () => {
    const document = parse(commentedSettings(await readFile(EXAMPLE_CONFIG_PATH, "utf8")));
    expect(findUnknownKeys(document, configSchema)).toEqual([]);
    const drifted = defaultsFor(document).flatMap(([where, table, defaults]) =>
      Object.entries(table ?? {})
        .filter(([key, value]) => Object.hasOwn(defaults, key) && JSON.stringify(value) !== JSON.stringify(defaults[key]))
        .map(([key, value]) => `${where}.${key} = ${JSON.stringify(value)}, but DEFAULTS says ${JSON.stringify(defaults[key])}`),
    );
    expect(drifted).toEqual([]);
  });
});
