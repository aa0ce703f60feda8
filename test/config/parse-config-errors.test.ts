/**
 * The catalogue of bad files: each asserts the exact `file:line:col message` the user sees. Files are inline, so the
 * line numbers can be counted right here.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config/index.ts";
import { CONFIG_FILE as FILE, configIssuesOf as issuesOf, configProblemsOf as problemsOf } from "./config-problems.ts";


describe("parseConfig on bad files", () => {
  it("GIVEN a TOML syntax error WHEN parsed THEN smol-toml's position is kept in the common format", () => {
    const text = `[[api_providers]]
name = "bedrock_us_east"
timeout =
`;
    expect(issuesOf(text)).toEqual([`${FILE}:3:10 TOML syntax error: invalid value`]);
  });

  it("GIVEN a model naming an undefined provider WHEN parsed THEN the error points at its api_provider and lists the defined ones", () => {
    const text = `[[api_providers]]
name = "bedrock_us_east"

[[models]]
name = "nova-micro"
model_identifier = "us.amazon.nova-micro-v1:0"
api_provider = "bedrock_us_east"

[[models]]
name = "nova-lite"
model_identifier = "us.amazon.nova-lite-v1:0"
api_provider = "bedrock_us_east"
[[models]]
api_provider = "bedrock_eu"
name = "nova-pro"
model_identifier = "us.amazon.nova-pro-v1:0"
`;
    expect(issuesOf(text)).toEqual([
      `${FILE}:14:1 models[2].api_provider = "bedrock_eu" is not a defined api_provider (defined: bedrock_us_east)`,
    ]);
  });

  it("GIVEN duplicate model and provider names WHEN parsed THEN each later one is an error naming the first", () => {
    const text = `[[api_providers]]
name = "p"
[[api_providers]]
name = "p"
[[models]]
name = "nova"
model_identifier = "amazon.nova-micro-v1:0"
api_provider = "p"
[[models]]
model_identifier = "amazon.nova-lite-v1:0"
  name = "nova"
api_provider = "p"
`;
    expect(issuesOf(text)).toEqual([
      `${FILE}:4:1 api_providers[1].name = "p" is already used by api_providers[0] (line 2); names must be unique`,
      `${FILE}:11:3 models[1].name = "nova" is already used by models[0] (line 6); names must be unique`,
    ]);
  });

  it("GIVEN a tool listed twice WHEN parsed THEN the second is an error", () => {
    const text = `[[tools]]
name = "calculator"
[[tools]]
name = "calculator"
enabled = false
`;
    expect(issuesOf(text)).toEqual([`${FILE}:4:1 tools[1].name = "calculator" is already used by tools[0] (line 2); names must be unique`]);
  });

  it("GIVEN a negative price, timeout 0 and a malformed region WHEN parsed THEN each says what was expected", () => {
    const text = `[[api_providers]]
name = "p"
timeout = 0
[api_providers.extra_params]
region = "us-east"
[[models]]
name = "m"
model_identifier = "amazon.nova-micro-v1:0"
api_provider = "p"
price_in = -0.5
`;
    expect(issuesOf(text)).toEqual([
      `${FILE}:3:1 api_providers[0].timeout = 0 must be > 0`,
      `${FILE}:5:1 api_providers[0].extra_params.region = "us-east" is not an AWS region name such as us-east-1`,
      `${FILE}:10:1 models[0].price_in = -0.5 must be >= 0`,
    ]);
  });

  it("GIVEN a malformed region read from the environment WHEN parsed THEN the message shows what was written too", () => {
    const text = `[[api_providers]]
name = "p"
extra_params = { region = "\${AWS_REGION:-us-east-1}" }
`;
    expect(issuesOf(text, { AWS_REGION: "Frankfurt" })).toEqual([
      `${FILE}:3:18 api_providers[0].extra_params.region = "Frankfurt" (from "\${AWS_REGION:-us-east-1}") is not an AWS region name such as us-east-1`,
    ]);
  });

  it("GIVEN a reference to an unset variable WHEN parsed THEN the error names the variable at its key", () => {
    const text = `[[api_providers]]
name = "p"
api_key = "\${BEDROCK_ACCESS_KEY_ID}"
extra_params.aws_secret_key = "\${BEDROCK_SECRET}"
`;
    expect(issuesOf(text, { BEDROCK_SECRET: "s" })).toEqual([
      `${FILE}:3:1 api_providers[0].api_key refers to \${BEDROCK_ACCESS_KEY_ID}, but the environment variable BEDROCK_ACCESS_KEY_ID is not set (write \${BEDROCK_ACCESS_KEY_ID:-default} for a fallback)`,
    ]);
  });

  it("GIVEN values of the wrong type WHEN parsed THEN each names the type found and the type expected, secrets unshown", () => {
    const text = `[[api_providers]]
name = "p"
api_key = 12345
max_retry = 1.5
[[models]]
name = "m"
model_identifier = "amazon.nova-micro-v1:0"
api_provider = "p"
price_out = "3"
kind = "image"
[bot]
reply_in_dms = "yes"
admins = ["1", 2]
`;
    expect(issuesOf(text)).toEqual([
      `${FILE}:3:1 api_providers[0].api_key is a number; expected a string`,
      `${FILE}:4:1 api_providers[0].max_retry = 1.5 is not a whole number`,
      `${FILE}:9:1 models[0].price_out = "3" is a string; expected a number`,
      `${FILE}:10:1 models[0].kind = "image" must be one of "chat", "embedding"`,
      `${FILE}:12:1 bot.reply_in_dms = "yes" is a string; expected true or false`,
      `${FILE}:13:16 bot.admins[1] = 2 is a number; expected a string`,
    ]);
  });

  it("GIVEN a missing required key WHEN parsed THEN the error points at the [[models]] header", () => {
    const text = `[[api_providers]]
name = "p"

[[models]]
name = "m"
api_provider = "p"
`;
    expect(issuesOf(text)).toEqual([`${FILE}:4:1 models[0].model_identifier is missing; expected a string`]);
  });

  it("GIVEN [models] written where [[models]] was meant WHEN parsed THEN the error says to use double brackets", () => {
    const text = `[models]
name = "m"
`;
    expect(issuesOf(text)).toEqual([
      `${FILE}:1:1 models is a table; expected an array of tables (write [[models]], with double brackets, for each entry)`,
    ]);
  });

  it("GIVEN default models and a batch provider that name nothing usable WHEN parsed THEN each reference is an error", () => {
    const text = `[[api_providers]]
name = "p"
[[api_providers]]
name = "openai"
client_type = "openai"
[[models]]
name = "embed"
model_identifier = "amazon.titan-embed-text-v2:0"
api_provider = "p"
kind = "embedding"
[[models]]
name = "gpt"
model_identifier = "gpt-4o"
api_provider = "openai"
[bot]
default_model = "embed"
[batch]
default_model = "gpt"
provider = "openai"
`;
    expect(problemsOf(text)).toEqual({
      issues: [
        `${FILE}:16:1 bot.default_model = "embed" is an embedding model; expected a chat model`,
        `${FILE}:18:1 batch.default_model = "gpt" cannot be used: its provider "openai" has client_type "openai"; only "bedrock" providers are used`,
        `${FILE}:19:1 batch.provider = "openai" has client_type "openai"; expected a "bedrock" provider`,
      ],
      warnings: [`${FILE}:5:1 api_providers[1] "openai" has client_type = "openai": skipped, only "bedrock" providers are used`],
    });
    const undefinedReferences = `[bot]
default_model = "claude"
[batch]
provider = "bedrock"
`;
    expect(issuesOf(undefinedReferences)).toEqual([
      `${FILE}:2:1 bot.default_model = "claude" is not a defined model (none are defined)`,
      `${FILE}:4:1 batch.provider = "bedrock" is not a defined api_provider (none are defined)`,
    ]);
  });

  it("GIVEN credential settings that do not add up WHEN parsed THEN each is an error at the key to fix", () => {
    const text = `[[api_providers]]
name = "bearer"
api_key_type = "bedrock"
[[api_providers]]
name = "half-keys"
[api_providers.extra_params]
aws_secret_key = "secret"
`;
    expect(issuesOf(text)).toEqual([
      `${FILE}:1:1 api_providers[0].api_key is empty, but api_key_type = "bedrock" needs a Bedrock API key`,
      `${FILE}:7:1 api_providers[1].extra_params.aws_secret_key is set, but api_key (the access key id it pairs with) is empty`,
    ]);
  });

  it("GIVEN many problems at once WHEN parsed THEN all are reported in file order, with the warnings alongside", () => {
    const text = `[[api_providers]]
name = "p"
timeout = -1
[[models]]
name = "m"
model_identifier = "amazon.nova-micro-v1:0"
api_provider = "q"
price_inn = 1
[bot]
history_limit = 0
`;
    const error = (() => {
      try {
        parseConfig(text, FILE, {});
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const { issues, warnings, message } = error as ConfigError;
    expect({ issues, warnings, message }).toEqual({
      issues: [
        `${FILE}:3:1 api_providers[0].timeout = -1 must be > 0`,
        `${FILE}:7:1 models[0].api_provider = "q" is not a defined api_provider (defined: p)`,
        `${FILE}:10:1 bot.history_limit = 0 must be >= 1`,
      ],
      warnings: [`${FILE}:8:1 models[0].price_inn is not a known key and is ignored (did you mean price_in?)`],
      message: issues.join("\n"),
    });
  });
});

describe("parseConfig warnings on loadable files", () => {
  it("GIVEN unknown keys WHEN parsed THEN each is a warning at its position, with the closest known key when one is near", () => {
    const text = `[[api_providers]]
name = "p"
[api_providers.extra_params]
regoin = "eu-west-1"
[[models]]
name = "m"
model_identifier = "amazon.nova-micro-v1:0"
api_provider = "p"
colour = "blue"
[bot]
defualt_model = "m"
[cache]
size = 5
`;
    expect(parseConfig(text, FILE, {}).warnings).toEqual([
      `${FILE}:4:1 api_providers[0].extra_params.regoin is not a known key and is ignored (did you mean region?)`,
      `${FILE}:9:1 models[0].colour is not a known key and is ignored`,
      `${FILE}:11:1 bot.defualt_model is not a known key and is ignored (did you mean default_model?)`,
      `${FILE}:12:1 cache is not a known key and is ignored`,
    ]);
  });

  it("GIVEN an access key id without its secret, or a profile beside a key pair WHEN parsed THEN each is a warning", () => {
    const text = `[[api_providers]]
name = "placeholder-key"
api_key = "dummy"
[[api_providers]]
name = "keys-and-profile"
api_key = "AKIAEXAMPLE"
profile = "dev"
extra_params = { aws_secret_key = "secret" }
[[api_providers]]
name = "token-alone"
session_token = "token"
`;
    expect(parseConfig(text, FILE, {}).warnings).toEqual([
      `${FILE}:3:1 api_providers[0].api_key is set without extra_params.aws_secret_key, so it is ignored and the AWS default credential chain is used (MoFox-Bot's IAM-role style)`,
      `${FILE}:7:1 api_providers[1].profile is ignored because api_key and extra_params.aws_secret_key are set`,
      `${FILE}:11:1 api_providers[2].session_token is ignored without api_key and extra_params.aws_secret_key`,
    ]);
  });
});
