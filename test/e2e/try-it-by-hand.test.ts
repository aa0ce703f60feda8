/**
 * The README's "Try it without Discord or AWS", followed as a person would: the two standalone fakes started with
 * `npm run` in their own "terminals", the config written by `fake:bedrock --write-config`, the `export` lines the fakes
 * print pasted into the bot's environment, the commands deployed and the built bot started (`npm test` builds it
 * first), then the fake Discord's console typed into: a mention answered, and a `/batch submit` with a local file,
 * confirmed, ending in the results posted (and saved by `--save-dir`).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse as parseCsv } from "csv-parse/sync";
import { expect, it } from "vitest";
import { startWatchedProcess, type WatchedProcess } from "./watched-process.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "dist/cli.js");
/** Generous: three processes and s3rver start on a busy 2-core machine. These guard against hangs, nothing more. */
const STEP_TIMEOUT_MS = 60_000;
/** A job takes ~10 s at the fake, the bot polls every 5 s (25 s while a job waits for capacity). */
const RESULTS_TIMEOUT_MS = 120_000;

/** `export NAME=value` lines as printed by the fakes -> env entries. */
function exportedVariables(output: string): Record<string, string> {
  return Object.fromEntries([...output.matchAll(/^export (\w+)=(.*)$/gm)].map((line) => [line[1]!, line[2]!.trim()]));
}

it(
  "GIVEN the README's three terminals WHEN alice mentions the bot and submits a batch from the console THEN she sees the answer and the posted results",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "try-it-by-hand-"));
    const questions = join(dir, "questions.csv");
    writeFileSync(questions, "id,question\n1,What is 1 squared?\n2,What is 2 squared?\n3,What is 3 squared?\n");
    const saveDir = join(dir, "files");
    const processes: WatchedProcess[] = [];
    const npmRun = (script: string, args: string[]) => {
      const started = startWatchedProcess("npm", ["run", script, "--", ...args], { cwd: ROOT, env: process.env });
      processes.push(started);
      return started;
    };
    try {
      // Terminal 1 and 2: the fakes.
      const bedrock = npmRun("fake:bedrock", ["--write-config", join(dir, "fake-bot.toml")]);
      const discord = npmRun("fake:discord", ["--save-dir", saveDir]);
      await bedrock.waitFor(/^export BEDROCK_BOT_CONFIG=/m, { timeoutMs: STEP_TIMEOUT_MS, description: "fake:bedrock writing the config" });
      await discord.waitFor(/Type \.help/, { timeoutMs: STEP_TIMEOUT_MS, description: "fake:discord's console" });

      // Terminal 3: the printed export lines, the commands deployed, the bot started.
      const env = { PATH: process.env.PATH ?? "", HOME: dir, AWS_EC2_METADATA_DISABLED: "true", LOG_LEVEL: "info", ...exportedVariables(bedrock.output), ...exportedVariables(discord.output) };
      expect(Object.keys(env)).toEqual(expect.arrayContaining(["BEDROCK_BOT_CONFIG", "DISCORD_TOKEN", "DISCORD_API_URL", "FAKE_DISCORD_CDN_HOST"]));
      const deployed = await promisify(execFile)(process.execPath, [BIN, "commands", "deploy"], { env, cwd: dir });
      expect(deployed.stdout).toContain("/batch");
      const bot = startWatchedProcess(process.execPath, [BIN, "start"], { env, cwd: dir });
      processes.push(bot);
      await bot.waitFor(/connected to Discord/, { timeoutMs: STEP_TIMEOUT_MS, description: "the bot connecting" });

      // The console: a mention, answered (the final edit carries the model and token line).
      let from = discord.output.length;
      discord.writeLine("@bot hello from the console");
      await discord.waitFor(/echo: Alice: hello from the console\n +-# nova-lite · \d+ in/, { from, timeoutMs: STEP_TIMEOUT_MS, description: "the answer to the mention" });

      // /batch submit with a local file -> the plan with its buttons -> Confirm -> the results posted.
      from = discord.output.length;
      discord.writeLine(`/batch submit file1:${questions} prompt:"Answer briefly"`);
      await discord.waitFor(/Batch plan on \*\*nova-lite\*\*: 3 records[^]*\[Confirm\] \[Cancel\]/, { from, timeoutMs: STEP_TIMEOUT_MS, description: "the batch plan" });
      from = discord.output.length;
      discord.writeLine(".click Confirm");
      await discord.waitFor(/alice pressed \[Confirm\]/, { from, timeoutMs: STEP_TIMEOUT_MS, description: "the press" });
      await discord.waitFor(/@alice your batch job on \*\*nova-lite\*\* is done: 3 of 3 records succeeded\.[^]*📎 results\.csv \(\d+ B\) saved to /, {
        from,
        timeoutMs: RESULTS_TIMEOUT_MS,
        description: "the completion notice with its files",
      });

      const saved = readdirSync(saveDir).find((name) => name.endsWith("-results.csv"));
      const rows = parseCsv<Record<string, string>>(readFileSync(join(saveDir, saved ?? "missing"), "utf8"), { columns: true });
      expect(rows.map((row) => row.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
      expect(discord.output).not.toContain("VIOLATION");
    } finally {
      for (const started of processes.reverse()) await started.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
  300_000,
);
