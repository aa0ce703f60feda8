/** `bedrock-bot start` as a user runs it: checks, connects, answers, and shuts down gracefully on SIGTERM. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { CLI_BIN } from "../../cli/run-cli.ts";
import { startFakeBedrock } from "../../fakes/bedrock/index.ts";
import { startFakeDiscord } from "../../fakes/discord/index.ts";
import { harnessConfigToml } from "../bot-harness.ts";
import { startWatchedProcess } from "../watched-process.ts";

it("GIVEN a config pointing at the fakes WHEN `bedrock-bot start` runs THEN it answers a mention and exits 0 on SIGTERM", async () => {
  const dir = mkdtempSync(join(tmpdir(), "start-command-"));
  const discord = await startFakeDiscord();
  const bedrock = await startFakeBedrock();
  const configPath = join(dir, "model_config.toml");
  writeFileSync(configPath, `${harnessConfigToml(bedrock.url, discord.cdnHost)}\n[storage]\nurl = "sqlite://${join(dir, "bot.sqlite")}"\n`);
  const env = { PATH: process.env.PATH ?? "", HOME: dir, AWS_EC2_METADATA_DISABLED: "true", LOG_LEVEL: "info", DISCORD_TOKEN: discord.botToken, DISCORD_API_URL: discord.restUrl };
  const bot = startWatchedProcess(process.execPath, [CLI_BIN, "--config", configPath, "start"], { env, cwd: dir });
  try {
    await bot.waitFor(/connected to Discord/, { description: "the bot to connect" });
    const question = discord.userSays({ channelId: discord.channelId("general"), authorId: discord.userId("bob"), content: "are you there?", mentionsBot: true });
    const answer = await discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id && m.content.includes(" out · ") });
    expect(answer.content).toContain("echo: Bob: are you there?");

    await bot.stop();
    expect(await bot.exited()).toEqual(0);
    expect(bot.stderr).toContain("shutting down");
  } finally {
    await bot.stop(0); // already ended after a passing test; SIGKILL after a failed one
    await discord.close();
    await bedrock.close();
    rmSync(dir, { recursive: true, force: true });
  }
  discord.assertNoViolations();
});
