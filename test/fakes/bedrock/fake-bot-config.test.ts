/** The config the standalone fake Bedrock writes must load in the bot as it is, pointing every part at the fakes. */
import { describe, expect, it } from "vitest";
import { findModel, parseConfig } from "../../../src/config/index.ts";
import { CDN_HOST_ENV } from "../standalone-env.ts";
import { FAKE_ROLE_ARN, fakeBotConfigToml } from "./fake-bot-config.ts";

const INPUT = { bedrockUrl: "http://127.0.0.1:4001", s3Endpoint: "http://127.0.0.1:4002", bucket: "bedrock-batch", minRecords: 3, storageUrl: "sqlite:///tmp/x/bot.sqlite" };

describe("fakeBotConfigToml", () => {
  it("GIVEN the fakes' addresses WHEN the config is parsed with the fake Discord's CDN host set THEN models, batch and storage point at them", () => {
    const config = parseConfig(fakeBotConfigToml(INPUT), "fake-bot.toml", { [CDN_HOST_ENV]: "127.0.0.1:4003" });

    expect(config.warnings).toEqual([]);
    expect(config.providers[0]?.extra_params).toMatchObject({ runtime_endpoint: INPUT.bedrockUrl, control_endpoint: INPUT.bedrockUrl, s3_endpoint: INPUT.s3Endpoint });
    expect(config.models.map((model) => model.name)).toEqual(["nova-lite", "nova-micro", "claude-haiku-3.5", "titan-embed-v2"]);
    expect(config.models.every((model) => model.batch?.min_records === 3)).toBe(true);
    expect(findModel(config, "titan-embed-v2")?.kind).toBe("embedding");
    expect(config.data.bot.cdn_hosts).toEqual(["127.0.0.1:4003"]);
    expect(config.data.batch).toMatchObject({ bucket: "bedrock-batch", role_arn: FAKE_ROLE_ARN, default_model: "nova-lite", poll_interval_seconds: 5 });
    expect(config.data.storage.url).toBe(INPUT.storageUrl);
  });

  it("GIVEN the CDN host variable unset WHEN the config is parsed THEN loading fails naming the variable", () => {
    expect(() => parseConfig(fakeBotConfigToml(INPUT), "fake-bot.toml", {})).toThrow(CDN_HOST_ENV);
  });
});
