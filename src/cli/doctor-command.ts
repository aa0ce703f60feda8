/** `bedrock-bot doctor [--invoke] [--json] [--guild <id>]`: registration only; the checks load when it runs. */
import type { Command } from "commander";

export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description("check the setup online: AWS credentials, models and model access, the batch bucket, role and quotas, Discord token, intents, commands and channel permissions")
    .option("--invoke", "also make one 1-token call per chat model (costs a fraction of a cent; says how much)")
    .option("--json", "print the checks as JSON")
    .option("--guild <id>", "compare this guild's registered commands instead of the global ones")
    .addHelpText("after", "\nExit code: 0 all ok, 1 a check failed, 2 warnings only.")
    .action(async (options: { invoke?: boolean; json?: boolean; guild?: string }) => {
      const { runDoctor } = await import("./run-doctor.ts");
      await runDoctor(program.opts<{ config?: string }>().config, options);
    });
}
