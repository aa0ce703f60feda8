/** Runs the real `bedrock-bot` command (dist/cli.js, built by `npm run build`) in a child process, as a user would. */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The built command, as the package's `bin` runs it. */
export const CLI_BIN = resolve(import.meta.dirname, "../../dist/cli.js");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Only what the CLI needs: no inherited AWS or Discord variables can leak into a test. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", AWS_EC2_METADATA_DISABLED: "true", LOG_LEVEL: "silent" };
  return env;
}

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliRun> {
  return runNode([CLI_BIN, ...args], options);
}

/** `node <nodeArgs>` with the CLI's environment: for runs that need Node options before the script. */
export function runNode(nodeArgs: string[], options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, nodeArgs, { env: { ...baseEnv(), ...options.env }, cwd: options.cwd ?? resolve(import.meta.dirname, "../.."), timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Writes a config file into a fresh temp folder and returns its path. */
export async function writeTempConfig(toml: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bedrock-bot-cli-"));
  const path = join(dir, "model_config.toml");
  await writeFile(path, toml);
  return path;
}

/** A config whose one provider points at a fake Bedrock with static test credentials. */
export function fakeProviderConfig(endpoint: string, extra = ""): string {
  return `
[[api_providers]]
name = "fake"
client_type = "bedrock"
api_key = "AKIDFAKE"
max_retry = 2
retry_interval = 0.01
timeout = 10
[api_providers.extra_params]
aws_secret_key = "fake-secret"
region = "us-east-1"
runtime_endpoint = "${endpoint}"
control_endpoint = "${endpoint}"

[[models]]
model_identifier = "us.amazon.nova-lite-v1:0"
name = "nova-lite"
api_provider = "fake"
price_in = 0.06
price_out = 0.24
${extra}`;
}
