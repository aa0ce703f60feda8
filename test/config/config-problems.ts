/** The issues and warnings a bad config file gets, for tests that assert the exact sentences a user reads. */
import { ConfigError, parseConfig } from "../../src/config/index.ts";

export const CONFIG_FILE = "config/model_config.toml";

/** Parses `text` as `CONFIG_FILE`; throws when the file is accepted, since every caller expects a refusal. */
export function configProblemsOf(text: string, env: Record<string, string | undefined> = {}): { issues: string[]; warnings: string[] } {
  try {
    parseConfig(text, CONFIG_FILE, env);
  } catch (error) {
    if (error instanceof ConfigError) return { issues: error.issues, warnings: error.warnings };
    throw error;
  }
  throw new Error("expected a ConfigError");
}

export const configIssuesOf = (text: string, env?: Record<string, string | undefined>): string[] => configProblemsOf(text, env).issues;
