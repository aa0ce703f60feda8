/**
 * What `bedrock-bot doctor` runs: load the config (a config that does not load is the first failure), run every
 * check, print one line each (or JSON) and set the exit code: 0 all ok, 1 any failure, 2 warnings only.
 */
import { createCommandRest } from "../bot/commands/deploy-commands.ts";
import { doctorExitCode } from "../doctor/check-result.ts";
import { checkReportJson, formatCheckReport } from "../doctor/format-check-report.ts";
import { runDoctorChecks } from "../doctor/run-doctor-checks.ts";
import { createOpsClients } from "../ops/ops-clients.ts";
import { printAwsNodeNote } from "./aws-node-support-note.ts";
import { loadCliConfig } from "./load-cli-config.ts";

type Env = Record<string, string | undefined>;

export async function runDoctor(configFlag: string | undefined, options: { invoke?: boolean; json?: boolean; guild?: string }, env: Env = process.env): Promise<void> {
  const loaded = await loadCliConfig(configFlag, env);
  if (loaded.config === undefined) {
    const issues = loaded.issues ?? [];
    const results = [{ check: "config", subject: loaded.path, status: "fail" as const, detail: `the config did not load (${issues.length} issue(s)):\n${issues.join("\n")}`, fix: "fix the file; `bedrock-bot config check` shows the same" }];
    process.stdout.write(`${options.json === true ? checkReportJson(results) : formatCheckReport(results)}\n`);
    process.exitCode = 1;
    return;
  }
  printAwsNodeNote();
  const token = env.DISCORD_TOKEN ?? "";
  const results = await runDoctorChecks(
    loaded.config,
    { invoke: options.invoke === true, ...(options.guild === undefined ? {} : { guildId: options.guild }) },
    {
      clientsFor: (provider) => createOpsClients(provider),
      discordRest: token === "" ? undefined : createCommandRest(token, env.DISCORD_API_URL),
      messageContent: env.DISCORD_MESSAGE_CONTENT === "1" || env.DISCORD_MESSAGE_CONTENT === "true",
    },
  );
  process.stdout.write(`${options.json === true ? checkReportJson(results) : formatCheckReport(results)}\n`);
  process.exitCode = doctorExitCode(results);
}
