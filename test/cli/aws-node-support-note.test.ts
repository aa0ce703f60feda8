/**
 * On Node < 22 the CLI swaps the AWS SDK's 9-line NodeVersionSupportWarning for one line of its own, printed only by
 * commands that talk to AWS. On Node >= 22 there is nothing to say, and the expectations below turn into "no note".
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsNodeSupportNote } from "../../src/cli/aws-node-support-note.ts";
import { startFakeBedrock, type FakeBedrock } from "../fakes/bedrock/index.ts";
import { fakeProviderConfig, runCli, writeTempConfig } from "./run-cli.ts";

const { engines } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { engines: { node: string } };
const note = awsNodeSupportNote(process.versions.node, engines.node);

/** How often our line stands in `stderr`, and whether any of the SDK's own warning is there. */
function notesIn(stderr: string): { ours: number; sdkWarning: boolean } {
  return { ours: stderr.split("\n").filter((line) => line === note).length, sdkWarning: stderr.includes("NodeVersionSupportWarning") };
}

describe("awsNodeSupportNote", () => {
  it("GIVEN Node 20 THEN one line naming the end of life, the SDK's need and the supported range", () => {
    expect(awsNodeSupportNote("20.19.2", ">=20.19")).toBe(
      "note: Node 20 reached end of life; AWS SDK releases after early January 2027 need Node >= 22 — this release still runs on Node >=20.19, upgrade to Node 22 or 24.",
    );
  });

  it("GIVEN Node 22 or 24 THEN nothing to say", () => {
    expect(awsNodeSupportNote("22.12.0", ">=20.19")).toBeUndefined();
    expect(awsNodeSupportNote("24.1.0", ">=20.19")).toBeUndefined();
  });
});

describe("bedrock-bot on this Node", () => {
  let fake: FakeBedrock;
  let configPath: string;
  const expected = { ours: note === undefined ? 0 : 1, sdkWarning: false };

  beforeAll(async () => {
    fake = await startFakeBedrock();
    configPath = await writeTempConfig(fakeProviderConfig(fake.url));
  });
  afterAll(async () => fake.close());

  it("GIVEN ask, which calls Bedrock THEN our note appears once and the SDK's warning not at all", async () => {
    const run = await runCli(["--config", configPath, "ask", "hello"]);
    expect(run.code).toBe(0);
    expect(notesIn(run.stderr)).toEqual(expected);
  });

  it.each(["--version", "--help", "config check"])("GIVEN `%s`, which does not talk to AWS THEN no note", async (line) => {
    const run = await runCli(["--config", configPath, ...line.split(" ")]);
    expect(run.code).toBe(0);
    expect(notesIn(run.stderr)).toEqual({ ours: 0, sdkWarning: false });
  });

  it("GIVEN the user set AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED themselves THEN it is their choice: no note from us", async () => {
    const run = await runCli(["--config", configPath, "ask", "hello"], { env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } });
    expect(run.code).toBe(0);
    expect(notesIn(run.stderr)).toEqual({ ours: 0, sdkWarning: false });
  });
});
