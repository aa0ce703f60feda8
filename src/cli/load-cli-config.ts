/**
 * The config file every CLI subcommand uses: `--config`, else BEDROCK_BOT_CONFIG, else config/model_config.toml,
 * else the example shipped in the package — and a line saying which one, on stderr so JSON output stays clean.
 */
import { existsSync } from "node:fs";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import { ConfigError, EXAMPLE_CONFIG_PATH, loadConfig, resolveConfigPath, type LoadedConfig } from "../config/index.ts";

export interface CliConfigResult {
  path: string;
  config?: LoadedConfig;
  /** Present when the file did not load; every issue, each `file:line:col message`. */
  issues?: string[];
}

export async function loadCliConfig(flag: string | undefined, env: Record<string, string | undefined> = process.env): Promise<CliConfigResult> {
  const { path, reason } = resolveConfigPath({ flag, env, cwd: process.cwd(), exists: existsSync, example: EXAMPLE_CONFIG_PATH });
  process.stderr.write(`config: ${path} (${reason})\n`);
  try {
    return { path, config: await loadConfig(path, env) };
  } catch (error) {
    if (error instanceof ConfigError) return { path, issues: error.issues };
    throw error;
  }
}

/** The loaded config, or a `UserFacingError` listing every issue: for commands that cannot run without one. */
export async function requireCliConfig(flag: string | undefined): Promise<LoadedConfig> {
  const loaded = await loadCliConfig(flag);
  if (!loaded.config) throw new UserFacingError(`The config did not load:\n${(loaded.issues ?? []).join("\n")}`);
  return loaded.config;
}
