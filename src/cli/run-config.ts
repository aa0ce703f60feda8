/** What `bedrock-bot config check`, `config schema` and `config docs` run: each needs the config layer (zod, TOML). */
import { CONFIG_JSON_SCHEMA_PATH, generateConfigJsonSchema, renderConfigReference, summarizeConfig, writeConfigJsonSchema, writeConfigReference } from "../config/index.ts";
import { loadCliConfig } from "./load-cli-config.ts";

/** `path`: the argument, else the root `--config`. */
export async function runConfigCheck(path: string | undefined): Promise<void> {
  const result = await loadCliConfig(path);
  if (result.issues) {
    process.stderr.write(`${result.issues.join("\n")}\n${result.issues.length} error(s) in ${result.path}\n`);
    process.exitCode = 1;
    return;
  }
  if (result.config) process.stdout.write(`${summarizeConfig(result.config)}\n`);
}

export async function runConfigSchema(options: { write?: boolean }): Promise<void> {
  if (options.write) {
    await writeConfigJsonSchema(CONFIG_JSON_SCHEMA_PATH);
    process.stderr.write(`wrote ${CONFIG_JSON_SCHEMA_PATH}\n`);
  } else {
    process.stdout.write(`${JSON.stringify(generateConfigJsonSchema(), null, 2)}\n`);
  }
}

export async function runConfigDocs(options: { write?: boolean }): Promise<void> {
  if (options.write) {
    await writeConfigReference("README.md");
    process.stderr.write("updated the config reference in README.md\n");
  } else {
    process.stdout.write(`${renderConfigReference()}\n`);
  }
}
