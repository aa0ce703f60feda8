/** `bedrock-bot start` as a user runs it: checks, connects, answers, and shuts down gracefully on SIGTERM. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import { startFakeBedrock } from "../../fakes/bedrock/index.ts";
import { startFakeDiscord } from "../../fakes/discord/index.ts";
import { harnessConfigToml } from "../bot-harness.ts";

const BIN = resolve(import.meta.dirname, "../../../dist/cli.js");

it("GIVEN a config pointing at the fakes WHEN `bedrock-bot start` runs THEN it answers a mention and exits 0 on SIGTERM", async () => {
  const dir = mkdtempSync(join(tmpdir(), "start-command-"));
  const discord = await startFakeDiscord();
  const bedrock = await startFakeBedrock();
  const configPath = join(dir, "model_config.toml");
  writeFileSync(configPath, `${harnessConfigToml(bedrock.url, discord.cdnHost)}\n[storage]\nurl = "sqlite://${join(dir, "bot.sqlite")}"\n`);
  const env = { PATH: process.env.PATH ?? "", HOME: dir, AWS_EC2_METADATA_DISABLED: "true", LOG_LEVEL: "info", DISCORD_TOKEN: discord.botToken, DISCORD_API_URL: discord.restUrl };
  const child = spawn(process.execPath, [BIN, "--config", configPath, "start"], { env, cwd: dir });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, "exit");
  try {
    await discord.waitFor(() => stderr.includes("connected to Discord"), { description: "the bot to connect" });
    const question = discord.userSays({ channelId: discord.channelId("general"), authorId: discord.userId("bob"), content: "are you there?", mentionsBot: true });
    const answer = await discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id && m.content.includes(" out · ") });
    expect(answer.content).toContain("echo: Bob: are you there?");

    child.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    expect(code).toEqual(0);
    expect(stderr).toContain("shutting down");
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    await discord.close();
    await bedrock.close();
    rmSync(dir, { recursive: true, force: true });
  }
  discord.assertNoViolations();
});
