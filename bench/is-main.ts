import { pathToFileURL } from "node:url";

/** True when the module at `moduleUrl` is the entry point (`node bin/run-ts.js bench/<file>.ts`). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** The number after `--flag`, or `fallback`; exits 2 on a value that is not a positive number. */
export function numberFlag(flag: string, fallback: number): number {
  const at = process.argv.indexOf(flag);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${flag} takes a positive number`);
    process.exit(2);
  }
  return value;
}
