/**
 * `bedrock-bot config init [path]`, `config check [path]`, `config schema [--write]` and `config docs --write`:
 * registration only; each loads what it needs when it runs (`init` not even the config layer).
 */
import type { Command } from "commander";
import { configFlagOf } from "./config-flag-of.ts";
import { CONFIG_JSON_SCHEMA_PATH, DEFAULT_CONFIG_PATH } from "../config/config-file-paths.ts";

export function registerConfigCommand(program: Command): void {
  const config = program.command("config").description("write or check the TOML config, or print its schema");
  config
    .command("init")
    .description("write a starting config: a copy of the annotated example, to edit")
    .argument("[path]", `where to write it (default: --config, else ${DEFAULT_CONFIG_PATH})`)
    .option("--force", "replace the file if it exists")
    .action(async (path: string | undefined, options: { force?: boolean }) =>
      (await import("./run-config-init.ts")).runConfigInit(path ?? configFlagOf(program) ?? DEFAULT_CONFIG_PATH, options),
    );
  config
    .command("check")
    .description("validate a config file and print a one-screen summary; exits 1 on any error")
    .argument("[path]", "config file (default: --config, BEDROCK_BOT_CONFIG, config/model_config.toml, the example)")
    .action(async (path: string | undefined) => (await import("./run-config.ts")).runConfigCheck(path ?? configFlagOf(program)));
  config
    .command("schema")
    .description(`print the config's JSON Schema (for Taplo / Even Better TOML), or write it to ${CONFIG_JSON_SCHEMA_PATH}`)
    .option("--write", `write ${CONFIG_JSON_SCHEMA_PATH} instead of printing`)
    .action(async (options: { write?: boolean }) => (await import("./run-config.ts")).runConfigSchema(options));
  config
    .command("docs")
    .description("print the config reference (markdown), or write it into README.md between its markers")
    .option("--write", "update README.md")
    .action(async (options: { write?: boolean }) => (await import("./run-config.ts")).runConfigDocs(options));
}
