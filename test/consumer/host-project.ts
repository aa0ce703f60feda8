/**
 * A host project in a temp dir, made the way a user makes one: the example host bot (and the typed host beside it)
 * with the packed tarball installed by npm — offline, from the cache `npm ci` filled.
 *
 * Why it is seeded with a lockfile: `npm install` resolves every range it has no lock entry for from the registry's
 * full packument, but `npm ci` never fetches those (with this repo's lockfile, which has no `resolved` urls, it
 * fetches only the abbreviated packuments to find the tarballs; npm caches the two apart). So the host starts with
 * a package-lock.json holding the repo's locked production packages — the versions `npm ci` cached — and
 * `npm install <tarball>` finds every dependency of the tarball already locked. Dev-only packages are left out, so
 * a dependency that only the repo's devDependencies provide is missing in the host, as it would be for a user.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLE_HOST_DIR, REPO_ROOT, TYPED_HOST_DIR } from "./paths.ts";
import { runCommand } from "./run-command.ts";

/** What the typed host needs besides the example's dependencies: Node's types, and zod for its tool's schema. */
const TYPED_HOST_DEV_DEPENDENCIES = ["@types/node", "zod"];

export interface HostProject {
  dir: string;
  /** How long `npm install` took. */
  installMs: number;
}

interface LockEntry {
  version?: string;
  dev?: boolean;
}

interface Lockfile {
  packages: Record<string, LockEntry>;
}

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export async function installHostProject(tarball: string, dir: string): Promise<HostProject> {
  cpSync(EXAMPLE_HOST_DIR, dir, { recursive: true });
  cpSync(TYPED_HOST_DIR, dir, { recursive: true });
  const repoLock = JSON.parse(readFileSync(join(REPO_ROOT, "package-lock.json"), "utf8")) as Lockfile;
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
  manifest.devDependencies = Object.fromEntries(TYPED_HOST_DEV_DEPENDENCIES.map((name) => [name, lockedVersion(repoLock, name)]));
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, "package-lock.json"), `${JSON.stringify(seededLockfile(repoLock, manifest), null, 2)}\n`);
  const started = performance.now();
  await runCommand("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball], { cwd: dir });
  return { dir, installMs: performance.now() - started };
}

/** The host's own root, then the repo's locked packages that users install too (not the dev-only ones). */
function seededLockfile(repoLock: Lockfile, manifest: PackageJson): object {
  const root = { name: manifest.name, dependencies: manifest.dependencies, devDependencies: manifest.devDependencies };
  const shipped = Object.entries(repoLock.packages).filter(([path, entry]) => path !== "" && entry.dev !== true);
  return { name: manifest.name, lockfileVersion: 3, requires: true, packages: { "": root, ...Object.fromEntries(shipped) } };
}

function lockedVersion(repoLock: Lockfile, name: string): string {
  const entry = repoLock.packages[`node_modules/${name}`];
  if (entry?.version === undefined || entry.dev === true) {
    throw new Error(`${name} is not a locked production package of this repo, so npm ci did not cache it for the host`);
  }
  return entry.version;
}

/** Names of every package installed in the host, nested ones included (from npm's own record of node_modules). */
export function installedPackageNames(dir: string): Set<string> {
  const installed = JSON.parse(readFileSync(join(dir, "node_modules/.package-lock.json"), "utf8")) as Lockfile;
  return new Set(Object.keys(installed.packages).map((path) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length)));
}
