/** `bedrock-bot config check [path]`, `config schema [--write]` and `config docs --write`. */
import type { Command } from "commander";
import { CONFIG_JSON_SCHEMA_PATH, generateConfigJsonSchema, summarizeConfig, writeConfigJsonSchema, writeConfigReference, renderConfigReference } from "../config/index.ts";
import { loadCliConfig } from "./load-cli-config.ts";


export function registerConfigCommand(program: Command): void {
  const config = program.command("config").description("check the TOML config or print its JSON Schema");
  config
    .command("check")
    .description("validate a config file and print a one-screen summary; exits 1 on any error")
    .argument("[path]", "config file (default: --config, BEDROCK_BOT_CONFIG, config/model_config.toml, the example)")
    .action(async (path: string | undefined) => {
      const result = await loadCliConfig(path ?? program.opts<{ config?: string }>().config);
      if (result.issues) {
        process.stderr.write(`${result.issues.join("\n")}\n${result.issues.length} error(s) in ${result.path}\n`);
        process.exitCode = 1;
        return;
      }
      if (result.config) process.stdout.write(`${summarizeConfig(result.config)}\n`);
    });
  config
    .command("schema")
    .description(`print the config's JSON Schema (for Taplo / Even Better TOML), or write it to ${CONFIG_JSON_SCHEMA_PATH}`)
    .option("--write", `write ${CONFIG_JSON_SCHEMA_PATH} instead of printing`)
    .action(async (options: { write?: boolean }) => {
      if (options.write) {
        await writeConfigJsonSchema(CONFIG_JSON_SCHEMA_PATH);
        process.stderr.write(`wrote ${CONFIG_JSON_SCHEMA_PATH}\n`);
      } else {
        process.stdout.write(`${JSON.stringify(generateConfigJsonSchema(), null, 2)}\n`);
      }
    });
  config
    .command("docs")
    .description("print the config reference (markdown), or write it into README.md between its markers")
    .option("--write", "update README.md")
    .action(async (options: { write?: boolean }) => {
      if (options.write) {
        await writeConfigReference("README.md");
        process.stderr.write("updated the config reference in README.md\n");
      } else {
        process.stdout.write(`${renderConfigReference()}\n`);
      }
    });
}
