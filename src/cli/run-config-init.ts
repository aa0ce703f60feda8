/**
 * What `bedrock-bot config init [path] [--force]` runs: a starting config copied from the annotated example shipped in
 * the package, then what to do next. Never replaces a file without `--force` (the check and the write are one step).
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { EXAMPLE_CONFIG_PATH, PACKAGED_CONFIG_SCHEMA_PATH } from "../config/config-file-paths.ts";
import { resolveConfigPath } from "../config/resolve-config-path.ts";

/**
 * The example's first line, `#:schema ./model_config.schema.json`, points editors (Taplo) at the schema next to it;
 * a copy elsewhere would point at nothing, so it is pointed at the package's schema, relative to where it is written.
 */
function pointSchemaLineAt(text: string, target: string): string {
  const path = relative(dirname(resolve(target)), PACKAGED_CONFIG_SCHEMA_PATH).split(sep).join("/");
  const reference = isAbsolute(path) || path.startsWith(".") ? path : `./${path}`;
  return text.replace(/^#:schema .*$/m, `#:schema ${reference}`);
}

/** `bedrock-bot config check`, with the path only when the plain command would pick another file. */
function checkCommandFor(target: string, env: Record<string, string | undefined>): string {
  const cwd = process.cwd();
  const picked = resolveConfigPath({ env, cwd, exists: existsSync, example: EXAMPLE_CONFIG_PATH }).path;
  return resolve(cwd, picked) === resolve(cwd, target) ? "bedrock-bot config check" : `bedrock-bot config check ${target}`;
}

export async function runConfigInit(target: string, options: { force?: boolean }, env: Record<string, string | undefined> = process.env): Promise<void> {
  const text = pointSchemaLineAt(await readFile(EXAMPLE_CONFIG_PATH, "utf8"), target);
  await mkdir(dirname(target), { recursive: true });
  try {
    await writeFile(target, text, { flag: options.force === true ? "w" : "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    process.stderr.write(`${target} already exists; not overwriting it. Edit it as it is, or give --force to replace it with the example.\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    [
      `wrote ${target} (a copy of the annotated example)`,
      "next steps:",
      `  1. edit ${target}: the AWS region and credentials in [[api_providers]], the models you use in [[models]]`,
      `  2. ${checkCommandFor(target, env)} — prints what was understood, or every error with its line`,
      "",
    ].join("\n"),
  );
}
