/** The built CLI as a shell runs it (`npx bedrock-bot`, the bin link): by its shebang, without `node` in front. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { CLI_BIN } from "./run-cli.ts";

it("GIVEN the built package WHEN dist/cli.js is executed directly THEN it runs through its shebang and prints the version", async () => {
  const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

  const { stdout } = await promisify(execFile)(CLI_BIN, ["--version"], { env: { PATH: process.env.PATH ?? "" } });

  expect(stdout.trim()).toEqual(version);
});
