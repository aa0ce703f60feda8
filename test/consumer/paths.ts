/** Where the consumer test finds the repo and the hosts it installs the package into. */
import { resolve } from "node:path";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
/** The plain-JavaScript host bot the README links: copied as it is into the host project. */
export const EXAMPLE_HOST_DIR = resolve(REPO_ROOT, "examples/host-bot");
/** The strict TypeScript host (host.ts and its own tsconfig.json), copied beside it. */
export const TYPED_HOST_DIR = resolve(import.meta.dirname, "typed-host");
/** The repo's own TypeScript compiler, so the host needs none installed. */
export const TSC = resolve(REPO_ROOT, "node_modules/typescript/bin/tsc");
