#!/usr/bin/env node
// `npm run build` (also run by `prepare`, so `npm ci` and installs from git leave a built package): src/ -> dist/
// with tsc. dist/ is emptied first so files of deleted sources never ship; the CLI entry is made executable, which
// tsc does not do and `npx bedrock-bot` in this repository needs (npm sets the bit only for installed packages).
import { execFileSync } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";
import { createRequire } from "node:module";

rmSync("dist", { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
chmodSync("dist/cli.js", 0o755);
