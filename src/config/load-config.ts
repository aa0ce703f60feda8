/** The one I/O step of the config layer: read the file, then `parseConfig`. */
import { readFile } from "node:fs/promises";
import { ConfigError } from "./config-error.ts";
import { type LoadedConfig, parseConfig } from "./parse-config.ts";
import type { Env } from "./resolve-env-references.ts";
import { errorMessage } from "../format/error-message.ts";

/** Throws `ConfigError` when the file cannot be read or has problems. */
export async function loadConfig(file: string, env: Env = process.env): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = errorMessage(error);
    throw new ConfigError([`${file}: cannot read the config file (${reason})`]);
  }
  return parseConfig(text, file, env);
}
