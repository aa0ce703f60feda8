import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeBedrock, type FakeBedrock } from "../fakes/bedrock/index.ts";
import { fakeProviderConfig, runCli, writeTempConfig } from "./run-cli.ts";

let fake: FakeBedrock;
let configPath: string;

beforeAll(async () => {
  fake = await startFakeBedrock();
  configPath = await writeTempConfig(fakeProviderConfig(fake.url));
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

describe("bedrock-bot ask (CLI -> real SDK -> fake Bedrock)", () => {
  it("GIVEN a prompt WHEN asked THEN the streamed answer is printed and usage + cost are reported", async () => {
    const run = await runCli(["--config", configPath, "ask", "hello", "there"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe("echo: hello there");
    expect(run.stderr).toMatch(/nova-lite · \d+ in \/ \d+ out · <?\$0\.\d+ · end_turn/);
    expect(fake.requests.map((request) => request.operation)).toEqual(["ConverseStream"]);
    expect(fake.requests[0]!.modelId).toBe("us.amazon.nova-lite-v1:0");
  });

  it("GIVEN the model calls the calculator WHEN asked THEN the tool runs and its result goes back to the model", async () => {
    fake.script("*", { toolUses: [{ name: "calculator", input: { expression: "(17 + 4) * 3" } }] }, { text: "It is 63." });
    const run = await runCli(["--config", configPath, "ask", "--json", "what is (17+4)*3?"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ model: "nova-lite", text: "It is 63.", stopReason: "end_turn", modelCalls: 2 });
    const toolResult = fake.requests[1]!.body.messages.at(-1).content[0].toolResult;
    expect(toolResult.status).toBe("success");
    expect(JSON.stringify(toolResult.content)).toContain("63");
  });

  it("GIVEN Bedrock denies access WHEN asked THEN a readable error and exit code 1", async () => {
    fake.fail(1, { status: 403, type: "AccessDeniedException", message: "You don't have access to the model with the specified model ID." });
    const run = await runCli(["--config", configPath, "ask", "--no-stream", "hi"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: .*access/i);
    expect(run.stderr).toContain("nova-lite");
  });

  it("GIVEN an unknown model name THEN the known models are listed", async () => {
    const run = await runCli(["--config", configPath, "ask", "--model", "gpt-9", "hi"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('There is no chat model named "gpt-9". Chat models: nova-lite.');
    expect(fake.requests).toHaveLength(0);
  });
});
