/**
 * Command-line inputs -> what the batch core takes: paths and `s3://` prefixes -> `InputSource`s (the run's other
 * flags are parsed by the core's `batch-run-flags.ts`, which `/batch` shares).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import type { InputSource } from "../bedrock/batch/inputs/input-item.ts";
import type { BatchRunFlags } from "../bedrock/batch/run/batch-run-flags.ts";
import { parseOutputSchema, type OutputSchema } from "../bedrock/batch/structured/output-schema.ts";
import type { ModelConfig } from "../config/index.ts";

/** The flags `batch plan` and `batch submit` share: the run's, and where and how to write what comes out. */
export interface BatchCliFlags extends BatchRunFlags {
  out?: string;
  json?: boolean;
  /** Path of a JSON Schema file (`--schema`). */
  schema?: string;
}

/** `--schema file.json` -> the run's output schema; a missing file or a bad schema is refused before planning. */
export async function readOutputSchema(path: string | undefined, model: ModelConfig): Promise<OutputSchema | undefined> {
  if (path === undefined) return undefined;
  const text = await readFile(path, "utf8").catch(() => {
    throw new UserFacingError(`--schema ${path}: no such file.`);
  });
  return parseOutputSchema(text, basename(path), model);
}

/**
 * Paths -> sources: a file as is, a directory as every file below it (sorted, named `<dir>/<path>`), `s3://...` as an
 * S3 prefix (refused when `allowS3` is false: `batch plan` stays offline).
 */
export async function readInputSources(inputs: readonly string[], options: { allowS3: boolean }): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  for (const input of inputs) {
    if (input.startsWith("s3://")) {
      if (!options.allowS3) throw new UserFacingError(`${input}: batch plan reads local files only (it makes no AWS calls); give S3 prefixes to batch submit.`);
      sources.push({ kind: "s3", uri: input });
      continue;
    }
    const info = await stat(input).catch(() => undefined);
    if (info === undefined) throw new UserFacingError(`${input}: no such file or folder.`);
    if (info.isDirectory()) {
      for (const path of await listFiles(input)) {
        sources.push({ kind: "file", filename: join(basename(input), relative(input, path)), bytes: new Uint8Array(await readFile(path)) });
      }
    } else {
      sources.push({ kind: "file", filename: basename(input), bytes: new Uint8Array(await readFile(input)) });
    }
  }
  if (sources.length === 0) throw new UserFacingError("No inputs: give files, folders or s3:// prefixes.");
  return sources;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const paths: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) paths.push(...(await listFiles(path)));
    else if (entry.isFile()) paths.push(path);
  }
  return paths;
}
