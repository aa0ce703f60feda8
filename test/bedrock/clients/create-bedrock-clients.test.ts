import { describe, expect, it } from "vitest";
import type { ProviderConfig } from "../../../src/config/schema.ts";
import { backoffDelayMs, bedrockClientConfigs, createBedrockClients } from "../../../src/bedrock/clients/create-bedrock-clients.ts";
import { UserFacingError } from "../../../src/bedrock/errors/user-facing-error.ts";

function provider(overrides: Partial<ProviderConfig> = {}, extra: Partial<ProviderConfig["extra_params"]> = {}): ProviderConfig {
  return {
    name: "aws",
    client_type: "bedrock",
    api_key: "",
    api_key_type: "aws",
    max_retry: 2,
    timeout: 60,
    retry_interval: 1,
    ...overrides,
    extra_params: { region: "eu-central-1", ...extra },
  };
}

describe("bedrockClientConfigs", () => {
  it("GIVEN access keys WHEN configured THEN all three clients get static credentials, region, maxAttempts = max_retry + 1 and the timeout", () => {
    const configs = bedrockClientConfigs(provider({ api_key: "AKIDEXAMPLE", session_token: "tok" }, { aws_secret_key: "secret" }));

    for (const config of [configs.runtime, configs.control, configs.s3]) {
      expect(config).toMatchObject({
        region: "eu-central-1",
        maxAttempts: 3,
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "tok" },
      });
    }
    expect(configs.runtime.requestHandler).toEqual({ requestTimeout: 60_000, disableConcurrentStreams: true });
    expect(configs.s3.requestHandler).toEqual({ connectionTimeout: 60_000, socketTimeout: 60_000 });
  });

  it("GIVEN a Bedrock API key WHEN configured THEN bedrock clients use the bearer token and S3 does not", () => {
    const configs = bedrockClientConfigs(provider({ api_key: "ABSKbedrockkey", api_key_type: "bedrock", profile: "batch" }));

    expect(configs.runtime).toMatchObject({ token: { token: "ABSKbedrockkey" }, authSchemePreference: ["httpBearerAuth"] });
    expect(configs.control).toMatchObject({ token: { token: "ABSKbedrockkey" }, authSchemePreference: ["httpBearerAuth"] });
    expect(configs.s3).not.toHaveProperty("token");
    expect(configs.s3).not.toHaveProperty("credentials");
    expect(configs.s3).toMatchObject({ profile: "batch" });
  });

  it("GIVEN no api_key and no profile WHEN configured THEN no credentials are set (the default chain applies)", () => {
    const { runtime } = bedrockClientConfigs(provider());

    expect([runtime.credentials, runtime.profile, runtime.token]).toEqual([undefined, undefined, undefined]);
  });

  it("GIVEN endpoint overrides WHEN configured THEN each client gets its own, S3 path-style with checksums only when required", () => {
    const configs = bedrockClientConfigs(
      provider({}, { runtime_endpoint: "http://127.0.0.1:1", control_endpoint: "http://127.0.0.1:2", s3_endpoint: "http://127.0.0.1:3" }),
    );

    expect([configs.runtime.endpoint, configs.control.endpoint, configs.s3.endpoint, configs.s3.forcePathStyle]).toEqual([
      "http://127.0.0.1:1",
      "http://127.0.0.1:2",
      "http://127.0.0.1:3",
      true,
    ]);
    expect([configs.s3.requestChecksumCalculation, configs.s3.responseChecksumValidation]).toEqual(["WHEN_REQUIRED", "WHEN_REQUIRED"]);
    expect(bedrockClientConfigs(provider({})).s3.requestChecksumCalculation).toBeUndefined();
  });

  it("GIVEN an access key without its secret WHEN configured THEN a UserFacingError names the missing key", () => {
    expect(() => bedrockClientConfigs(provider({ api_key: "AKIDEXAMPLE" }))).toThrow(UserFacingError);
    expect(() => bedrockClientConfigs(provider({ api_key: "AKIDEXAMPLE" }))).toThrow('Provider "aws" has an api_key but no extra_params.aws_secret_key');
  });

  it("GIVEN the configs WHEN built THEN each client has its own retry strategy", () => {
    const configs = bedrockClientConfigs(provider());

    expect(configs.runtime.retryStrategy).not.toBe(configs.control.retryStrategy);
  });
});

describe("backoffDelayMs", () => {
  it("GIVEN retry_interval 1 s WHEN retrying THEN 1 s, 2 s, 4 s... capped at 20 s", () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(1, retry))).toEqual([1000, 2000, 4000, 8000, 16000, 20000]);
  });
});

describe("createBedrockClients", () => {
  it("GIVEN a provider WHEN created THEN the clients resolve its region and attempts", async () => {
    const clients = createBedrockClients(provider({ max_retry: 4 }));
    try {
      expect([await clients.runtime.config.region(), await clients.s3.config.region(), await clients.control.config.maxAttempts()]).toEqual([
        "eu-central-1",
        "eu-central-1",
        5,
      ]);
    } finally {
      clients.destroy();
    }
  });
});
