/**
 * Which config file to use, and why (for a log line such as
 * `config: /…/config/model_config.example.toml (no config/model_config.toml found)`). Pure: the flag, environment,
 * working directory, an existence check and the example's location are passed in. Relative paths stay relative (to
 * `cwd`), as the user wrote them.
 */
import { resolve } from "node:path";
import { DEFAULT_CONFIG_PATH } from "./config-file-paths.ts";
import type { Env } from "./resolve-env-references.ts";

export const CONFIG_PATH_VARIABLE = "BEDROCK_BOT_CONFIG";

export interface ResolveConfigPathOptions {
  /** `--config <file>`. */
  flag?: string;
  env: Env;
  cwd: string;
  exists: (path: string) => boolean;
  /** The fallback when nothing else names a file: the package's example (`EXAMPLE_CONFIG_PATH`). */
  example: string;
}

export function resolveConfigPath({ flag, env, cwd, exists, example }: ResolveConfigPathOptions): { path: string; reason: string } {
  if (flag) return { path: flag, reason: "from --config" };
  const fromEnv = env[CONFIG_PATH_VARIABLE];
  if (fromEnv) return { path: fromEnv, reason: `from ${CONFIG_PATH_VARIABLE}` };
  if (exists(resolve(cwd, DEFAULT_CONFIG_PATH))) return { path: DEFAULT_CONFIG_PATH, reason: "default location" };
  return { path: example, reason: `no ${DEFAULT_CONFIG_PATH} found` };
}
