import { describe, expect, it } from "vitest";
import { resolveGuardrail } from "../../../src/bot/chat/resolve-guardrail.ts";
import { parseConfig } from "../../../src/config/index.ts";

const config = parseConfig(
  `[[api_providers]]
name = "aws"

[[models]]
name = "m"
model_identifier = "us.amazon.nova-lite-v1:0"
api_provider = "aws"

[[guardrails]]
name = "house"
identifier = "gr1"
version = "1"
servers = ["g1"]

[[guardrails]]
name = "strict"
identifier = "gr2"
version = "3"
`,
  "c.toml",
  {},
);
const place = { channelIds: ["c1"], guildId: "g1" };

describe("resolveGuardrail", () => {
  it("GIVEN nothing stored WHEN resolved THEN the config's assignment, from the config", () => {
    expect(resolveGuardrail({}, config, place)).toMatchObject({ guardrail: { name: "house" }, source: "config", warnings: [] });
    expect(resolveGuardrail({}, config, { channelIds: ["c1"] })).toEqual({ warnings: [] });
  });

  it("GIVEN a channel choice over a server choice WHEN resolved THEN the channel's wins", () => {
    expect(resolveGuardrail({ channel: { guardrail: "strict" }, guild: { guardrail: "house" } }, config, place)).toMatchObject({ guardrail: { name: "strict" }, source: "channel" });
    expect(resolveGuardrail({ guild: { guardrail: "strict" } }, config, place)).toMatchObject({ guardrail: { name: "strict" }, source: "guild" });
  });

  it("GIVEN a stored name the config no longer has WHEN resolved THEN the config's assignment applies, with a warning", () => {
    const resolved = resolveGuardrail({ channel: { guardrail: "gone" } }, config, place);
    expect(resolved.guardrail?.name).toEqual("house");
    expect(resolved.warnings).toEqual(['The guardrail "gone" set for this channel is no longer in the bot\'s config; the config\'s assignment applies instead.']);
  });
});
