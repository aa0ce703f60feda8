/**
 * Which config file to use, and why (for a log line such as
 * `config: config/model_config.example.toml (no config/model_config.toml found)`). Pure: the flag, environment, working
 * directory and an existence check are passed in. Relative paths stay relative (to `cwd`), as the user wrote them.
 */
import { resolve } from "node:path";
import type { Env } from "./resolve-env-references.ts";

export const CONFIG_PATH_VARIABLE = "BEDROCK_BOT_CONFIG";
/** The real config; ignored by git. */
export const DEFAULT_CONFIG_PATH = "config/model_config.toml";
/** The committed, annotated example: lets a user with only AWS environment variables start at once. */
export const EXAMPLE_CONFIG_PATH = "config/model_config.example.toml";

export interface ResolveConfigPathOptions {
  /** `--config <file>`. */
  flag?: string;
  env: Env;
  cwd: string;
  exists: (path: string) => boolean;
}

export function resolveConfigPath({ flag, env, cwd, exists }: ResolveConfigPathOptions): { path: string; reason: string } {
  if (flag) return { path: flag, reason: "from --config" };
  const fromEnv = env[CONFIG_PATH_VARIABLE];
  if (fromEnv) return { path: fromEnv, reason: `from ${CONFIG_PATH_VARIABLE}` };
  if (exists(resolve(cwd, DEFAULT_CONFIG_PATH))) return { path: DEFAULT_CONFIG_PATH, reason: "default location" };
  return { path: EXAMPLE_CONFIG_PATH, reason: `no ${DEFAULT_CONFIG_PATH} found` };
}
