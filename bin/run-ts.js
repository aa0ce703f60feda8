#!/usr/bin/env node
// Runs a TypeScript entry point through tsx's loader, so the project needs no build step:
// `npm ci` alone leaves a runnable CLI. Usage: node bin/run-ts.js <file.ts> [args...]
import { register } from "tsx/esm/api";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

register();
const [, , entry, ...rest] = process.argv;
if (!entry) {
  console.error("usage: run-ts <file.ts> [args...]");
  process.exit(2);
}
process.argv = [process.argv[0], resolve(entry), ...rest];
await import(pathToFileURL(resolve(entry)).href);
