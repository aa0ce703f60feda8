/** `bedrock-bot iam policy [--role bot|batch|trust] [--json] [--offline] [--account <id>]`: registration only. */
import { Option, type Command } from "commander";

export function registerIamCommand(program: Command): void {
  const iam = program.command("iam").description("least-privilege IAM policies generated from the config");
  iam
    .command("policy")
    .description("print the bot's identity policy, the batch service role's permissions and its trust policy")
    .addOption(new Option("--role <role>", "only this document").choices(["bot", "batch", "trust"]))
    .option("--json", "machine-readable: the document (or {bot, batch, trust}) as JSON only")
    .option("--offline", "do not ask AWS: inference-profile regions from the built-in table, account from --account or [batch] role_arn")
    .option("--account <id>", "the AWS account id (default: the caller's, from STS)")
    .action(async (options: { role?: "bot" | "batch" | "trust"; json?: boolean; offline?: boolean; account?: string }) => {
      const { runIamPolicy } = await import("./run-iam-policy.ts");
      await runIamPolicy(program.opts<{ config?: string }>().config, options);
    });
}
