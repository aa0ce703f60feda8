/**
 * Runs `node <args>` with a module resolve hook that appends every resolved module URL to a file, and returns the npm
 * packages among them: to check that `--help` does not pull in discord.js or the AWS SDK. A resolve hook (rather than
 * `require.cache`) sees ESM and CommonJS packages alike, as our ESM code imports both. Tells what was loaded, not how
 * long it took, so it holds on a busy machine.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runNode, type CliRun, type RunOptions } from "./run-cli.ts";

/** Runs in Node's hooks thread: `initialize` gets the log file from `register`'s `data`. */
const HOOKS = `import { appendFileSync } from "node:fs";
let log;
export function initialize(file) { log = file; }
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(log, resolved.url + "\\n");
  return resolved;
}
`;

/** `.../node_modules/@aws-sdk/client-s3/dist-cjs/index.js` -> `@aws-sdk/client-s3`; undefined outside node_modules. */
function packageOf(url: string): string | undefined {
  const path = url.split("/node_modules/").at(-1);
  if (path === undefined || path === url) return undefined;
  const [scopeOrName, name] = path.split("/");
  return scopeOrName?.startsWith("@") === true ? `${scopeOrName}/${name}` : scopeOrName;
}

export async function runRecordingPackages(args: string[], options: RunOptions = {}): Promise<CliRun & { packages: Set<string> }> {
  const dir = await mkdtemp(join(tmpdir(), "loaded-packages-"));
  const log = join(dir, "resolved.txt");
  await writeFile(log, "");
  await writeFile(join(dir, "hooks.mjs"), HOOKS);
  await writeFile(join(dir, "preload.mjs"), `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url, { data: ${JSON.stringify(log)} });\n`);
  const run = await runNode(["--import", pathToFileURL(join(dir, "preload.mjs")).href, ...args], options);
  const urls = (await readFile(log, "utf8")).split("\n").filter((line) => line !== "");
  return { ...run, packages: new Set(urls.map(packageOf).filter((name) => name !== undefined)) };
}
