import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const EXAMPLE = resolve(import.meta.dirname, "../../config/model_config.example.toml");

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "bedrock-bot-init-"));
});
afterEach(async () => rm(cwd, { recursive: true, force: true }));

/** The example without its first line, the `#:schema` pointer `config init` re-aims. */
function withoutSchemaLine(text: string): string {
  return text.split("\n").slice(1).join("\n");
}

describe("bedrock-bot config init", () => {
  it("GIVEN an empty folder WHEN init runs THEN config/model_config.toml is the example, the next steps are printed, and config check accepts it", async () => {
    const run = await runCli(["config", "init"], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("wrote config/model_config.toml (a copy of the annotated example)\n");
    expect(run.stdout).toContain("  1. edit config/model_config.toml: ");
    expect(run.stdout).toContain("  2. bedrock-bot config check — ");

    const written = await readFile(join(cwd, "config/model_config.toml"), "utf8");
    expect(withoutSchemaLine(written)).toEqual(withoutSchemaLine(await readFile(EXAMPLE, "utf8")));
    const schema = /^#:schema (.+)$/.exec(written.split("\n")[0]!)?.[1];
    expect(schema !== undefined && existsSync(resolve(join(cwd, "config"), schema)), `the #:schema line (${schema}) names the package's schema`).toBe(true);

    const check = await runCli(["config", "check"], { cwd });
    expect(check.code).toBe(0);
    expect(check.stderr).toBe("config: config/model_config.toml (default location)\n");
  });

  it("GIVEN the file exists WHEN init runs without --force THEN it refuses in one sentence, exits 1 and leaves the file alone", async () => {
    await runCli(["config", "init"], { cwd });
    await writeFile(join(cwd, "config/model_config.toml"), "# mine\n");
    const run = await runCli(["config", "init"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("config/model_config.toml already exists; not overwriting it. Edit it as it is, or give --force to replace it with the example.\n");
    expect(await readFile(join(cwd, "config/model_config.toml"), "utf8")).toBe("# mine\n");

    const forced = await runCli(["config", "init", "--force"], { cwd });
    expect(forced.code).toBe(0);
    expect(await readFile(join(cwd, "config/model_config.toml"), "utf8")).not.toBe("# mine\n");
  });

  it("GIVEN a path WHEN init runs THEN it writes there (making folders) and the check step names that path", async () => {
    const run = await runCli(["config", "init", "deploy/prod.toml"], { cwd });
    expect(run.code).toBe(0);
    expect(existsSync(join(cwd, "deploy/prod.toml"))).toBe(true);
    expect(run.stdout).toContain("  2. bedrock-bot config check deploy/prod.toml — ");
    expect((await runCli(["config", "check", "deploy/prod.toml"], { cwd })).code).toBe(0);
  });
});

describe("the fallback config", () => {
  it("GIVEN an empty current folder WHEN config check runs THEN the example shipped in the package is used, saying which file and why", async () => {
    const run = await runCli(["config", "check"], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`config: ${EXAMPLE} (no config/model_config.toml found)\n`);
    expect(run.stdout).toContain("warnings: none");
  });
});
