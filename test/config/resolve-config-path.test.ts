import { describe, expect, it } from "vitest";
import { resolveConfigPath } from "../../src/config/resolve-config-path.ts";

const cwd = "/srv/bot";
const example = "/usr/lib/node_modules/bedrock-discord-bot/config/model_config.example.toml";
const nothingExists = (): boolean => false;
const realConfigExists = (path: string): boolean => path === "/srv/bot/config/model_config.toml";

describe("resolveConfigPath", () => {
  it("GIVEN --config WHEN resolving THEN the flag wins over everything", () => {
    expect(resolveConfigPath({ flag: "other.toml", env: { BEDROCK_BOT_CONFIG: "env.toml" }, cwd, exists: realConfigExists, example })).toEqual({
      path: "other.toml",
      reason: "from --config",
    });
  });

  it("GIVEN BEDROCK_BOT_CONFIG and no flag WHEN resolving THEN the variable is used", () => {
    expect(resolveConfigPath({ env: { BEDROCK_BOT_CONFIG: "/etc/bot.toml" }, cwd, exists: realConfigExists, example })).toEqual({
      path: "/etc/bot.toml",
      reason: "from BEDROCK_BOT_CONFIG",
    });
  });

  it("GIVEN an empty BEDROCK_BOT_CONFIG WHEN resolving THEN it is ignored", () => {
    expect(resolveConfigPath({ env: { BEDROCK_BOT_CONFIG: "" }, cwd, exists: realConfigExists, example })).toEqual({
      path: "config/model_config.toml",
      reason: "default location",
    });
  });

  it("GIVEN config/model_config.toml exists under cwd WHEN resolving THEN it is used", () => {
    expect(resolveConfigPath({ env: {}, cwd, exists: realConfigExists, example })).toEqual({ path: "config/model_config.toml", reason: "default location" });
  });

  it("GIVEN no config anywhere WHEN resolving THEN the package's example is used, saying why", () => {
    expect(resolveConfigPath({ env: {}, cwd, exists: nothingExists, example })).toEqual({
      path: example,
      reason: "no config/model_config.toml found",
    });
  });
});
