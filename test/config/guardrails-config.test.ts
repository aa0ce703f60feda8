/** `[[guardrails]]`: names unique, one guardrail per server or channel, versions as Bedrock writes them; and lookups. */
import { describe, expect, it } from "vitest";
import { findGuardrail, guardrailAssignedTo, parseConfig } from "../../src/config/index.ts";
import { CONFIG_FILE as FILE, configIssuesOf as issuesOf } from "./config-problems.ts";
const HEAD = `[[api_providers]]
name = "aws"

[[models]]
name = "m"
model_identifier = "us.amazon.nova-lite-v1:0"
api_provider = "aws"
`;


describe("[[guardrails]] in the config", () => {
  it("GIVEN two guardrails listing the same channel and sharing a name WHEN parsed THEN both are errors at their lines", () => {
    const text = `${HEAD}
[[guardrails]]
name = "strict"
identifier = "gr1"
version = "1"
channels = ["111"]

[[guardrails]]
name = "strict"
identifier = "gr2"
version = "DRAFT"
channels = ["111"]
`;
    expect(issuesOf(text)).toEqual([
      `${FILE}:16:1 guardrails[1].name = "strict" is already used by guardrails[0] (line 10); names must be unique`,
      `${FILE}:19:1 guardrails[1].channels lists "111", which guardrails[0].channels (line 13) already lists; one guardrail per channel`,
    ]);
  });

  it("GIVEN a version that is neither a number nor DRAFT WHEN parsed THEN refused naming the form", () => {
    expect(issuesOf(`${HEAD}\n[[guardrails]]\nname = "g"\nidentifier = "gr1"\nversion = "v1"\n`).join("\n")).toContain('a version number such as "1", or "DRAFT"');
  });

  it("GIVEN guardrails for a channel and a server WHEN looked up THEN the channel's wins, then a thread's parent's, then the server's", () => {
    const config = parseConfig(
      `${HEAD}\n[[guardrails]]\nname = "room"\nidentifier = "gr1"\nversion = "1"\nchannels = ["c1"]\n\n[[guardrails]]\nname = "house"\nidentifier = "gr2"\nversion = "2"\nservers = ["g1"]\n`,
      FILE,
      {},
    );
    expect(config.data.guardrails[0]).toMatchObject({ trace: "enabled", stream_processing: "sync" });
    expect(guardrailAssignedTo(config, { channelIds: ["c1"], guildId: "g1" })?.name).toEqual("room");
    expect(guardrailAssignedTo(config, { channelIds: ["thread", "c1"], guildId: "g1" })?.name).toEqual("room");
    expect(guardrailAssignedTo(config, { channelIds: ["c2"], guildId: "g1" })?.name).toEqual("house");
    expect(guardrailAssignedTo(config, { channelIds: ["c2"] })).toBeUndefined();
    expect(findGuardrail(config, "house")?.identifier).toEqual("gr2");
  });
});
