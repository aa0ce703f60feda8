/**
 * A path typed by the person running a standalone fake, made absolute. `npm run` starts scripts in the package root,
 * whatever folder the command was typed in; npm keeps that folder in INIT_CWD, so `npm run fake:discord` from a
 * subfolder still finds `./questions.csv` where the person sees it.
 */
import { resolve } from "node:path";

export function resolveUserPath(path: string, env: Record<string, string | undefined> = process.env): string {
  return resolve(env.INIT_CWD ?? process.cwd(), path);
}
