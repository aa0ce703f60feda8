import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULTS, defaultChatModel, findModel, findProvider, loadConfig, parseConfig } from "../../src/config/index.ts";

const FILE = "config/model_config.toml";

const MINIMAL = `[[api_providers]]
name = "bedrock_us_east"
client_type = "bedrock"

[[models]]
name = "nova-lite"
model_identifier = "us.amazon.nova-lite-v1:0"
api_provider = "bedrock_us_east"
`;

describe("parseConfig on good files", () => {
  it("GIVEN a minimal file WHEN parsed THEN every default comes from DEFAULTS", () => {
    const config = parseConfig(MINIMAL, FILE, {});
    expect(config.providers).toEqual([
      {
        name: "bedrock_us_east",
        client_type: "bedrock",
        api_key: DEFAULTS.provider.api_key,
        api_key_type: DEFAULTS.provider.api_key_type,
        max_retry: DEFAULTS.provider.max_retry,
        timeout: DEFAULTS.provider.timeout,
        retry_interval: DEFAULTS.provider.retry_interval,
        extra_params: { region: DEFAULTS.provider.region },
      },
    ]);
    expect(config.models).toEqual([
      {
        name: "nova-lite",
        model_identifier: "us.amazon.nova-lite-v1:0",
        api_provider: "bedrock_us_east",
        ...DEFAULTS.model,
      },
    ]);
    expect(config.data.bot.history_limit).toEqual(DEFAULTS.bot.history_limit);
    expect(config.data.batch.timeout_hours).toEqual(DEFAULTS.batch.timeout_hours);
    expect(config.data.storage).toEqual(DEFAULTS.storage);
    expect({ path: config.path, unavailable: config.unavailable, warnings: config.warnings }).toEqual({ path: FILE, unavailable: [], warnings: [] });
  });

  it("GIVEN an empty file WHEN parsed THEN it loads with nothing usable (start-up checks say what is missing)", () => {
    const config = parseConfig("", FILE, {});
    expect({ providers: config.providers, models: config.models, warnings: config.warnings, tools: config.data.tools }).toEqual({
      providers: [],
      models: [],
      warnings: [],
      tools: [],
    });
  });

  it("GIVEN environment references WHEN parsed THEN secrets and settings come from the env passed in", () => {
    const text = `[[api_providers]]
name = "p"
api_key = "\${BEDROCK_ACCESS_KEY_ID}"
session_token = "\${AWS_SESSION_TOKEN:-}"
[api_providers.extra_params]
aws_secret_key = "\${BEDROCK_SECRET_ACCESS_KEY}"
region = "\${AWS_REGION:-us-east-1}"
[batch]
bucket = "\${BATCH_BUCKET:-}"
`;
    const config = parseConfig(text, FILE, { BEDROCK_ACCESS_KEY_ID: "AKIAEXAMPLE", BEDROCK_SECRET_ACCESS_KEY: "secret", AWS_REGION: "eu-central-1" });
    expect(config.providers[0]).toMatchObject({ api_key: "AKIAEXAMPLE", session_token: "", extra_params: { aws_secret_key: "secret", region: "eu-central-1" } });
    expect(config.data.batch.bucket).toEqual("");
    expect(config.warnings).toEqual([]);
  });

  it("GIVEN MoFox-Bot's IAM-role style (placeholder api_key, no secret) WHEN parsed THEN the usable provider uses the default chain", () => {
    const text = `[[api_providers]]
name = "role"
api_key = "dummy"
client_type = "bedrock"
`;
    const config = parseConfig(text, FILE, {});
    expect({ usable: config.providers[0]?.api_key, asWritten: config.data.api_providers[0]?.api_key }).toEqual({ usable: "", asWritten: "dummy" });
  });

  it("GIVEN a file starting with a byte order mark WHEN parsed THEN positions still match the editor's", () => {
    const config = parseConfig(`\uFEFF${MINIMAL}colour = 1\n`, FILE, {});
    expect(config.warnings).toEqual([`${FILE}:9:1 models[0].colour is not a known key and is ignored`]);
  });
});

describe("lookups", () => {
  const text = `[[api_providers]]
name = "p"
[[api_providers]]
name = "other"
client_type = "gemini"
[[models]]
name = "embed"
model_identifier = "amazon.titan-embed-text-v2:0"
api_provider = "p"
kind = "embedding"
[[models]]
name = "micro"
model_identifier = "us.amazon.nova-micro-v1:0"
api_provider = "p"
[[models]]
name = "lite"
model_identifier = "us.amazon.nova-lite-v1:0"
api_provider = "p"
[[models]]
name = "gem"
model_identifier = "gemini-2.5-flash"
api_provider = "other"
`;

  it("GIVEN usable and unavailable entries WHEN looked up by name THEN only usable ones are found", () => {
    const config = parseConfig(text, FILE, {});
    expect([findModel(config, "lite")?.model_identifier, findModel(config, "gem"), findModel(config, "nope")]).toEqual(["us.amazon.nova-lite-v1:0", undefined, undefined]);
    expect([findProvider(config, "p")?.name, findProvider(config, "other")]).toEqual(["p", undefined]);
  });

  it("GIVEN no [bot] default_model WHEN asked for the default chat model THEN the first chat model is chosen", () => {
    expect(defaultChatModel(parseConfig(text, FILE, {}))?.name).toEqual("micro");
  });

  it("GIVEN [bot] default_model WHEN asked for the default chat model THEN that model is chosen", () => {
    expect(defaultChatModel(parseConfig(`${text}[bot]\ndefault_model = "lite"\n`, FILE, {}))?.name).toEqual("lite");
  });
});

describe("loadConfig", () => {
  it("GIVEN a file on disk WHEN loaded THEN it is read and parsed with the env given", async () => {
    const directory = await mkdtemp(join(tmpdir(), "config-test-"));
    const file = join(directory, "model_config.toml");
    await writeFile(file, MINIMAL.replace('client_type = "bedrock"', `client_type = "bedrock"\nextra_params.region = "\${R}"`));
    const config = await loadConfig(file, { R: "ap-southeast-2" });
    expect({ path: config.path, region: config.providers[0]?.extra_params.region }).toEqual({ path: file, region: "ap-southeast-2" });
  });

  it("GIVEN a missing file WHEN loaded THEN a ConfigError names it", async () => {
    const file = join(tmpdir(), "no-such-dir-for-config-test", "model_config.toml");
    const error: unknown = await loadConfig(file, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([`${file}: cannot read the config file (ENOENT: no such file or directory, open '${file}')`]);
  });
});
