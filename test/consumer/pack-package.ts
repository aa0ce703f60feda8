/** `npm pack` of the repo as `npm publish` would pack it: the dist/ that `npm test` built, not a rebuild. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.ts";
import { runCommand } from "./run-command.ts";

export interface PackedPackage {
  tarball: string;
  /** Paths inside the package, e.g. `dist/index.js`. */
  files: string[];
  /** Bytes of the .tgz. */
  size: number;
}

export async function packPackage(destination: string): Promise<PackedPackage> {
  if (!existsSync(join(REPO_ROOT, "dist/index.js"))) {
    throw new Error("dist/ is not built: run `npm run build` first (`npm test` builds it before vitest runs)");
  }
  // --ignore-scripts: `prepare` would rebuild dist/, deleting it first, under any other test reading it.
  const stdout = await runCommand("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", destination], { cwd: REPO_ROOT });
  const [packed] = JSON.parse(stdout) as [{ filename: string; size: number; files: { path: string }[] }];
  return { tarball: join(destination, packed.filename), files: packed.files.map((file) => file.path), size: packed.size };
}
