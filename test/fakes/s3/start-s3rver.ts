/**
 * s3rver for tests: a free port on 127.0.0.1, a fresh temp directory (removed on close), buckets created up front,
 * no request logging, and an `S3Client` already configured for it (see `s3rver-client-config.ts`).
 *
 * s3rver runs in a child Node process with `--openssl-legacy-provider` (see `s3rver-process.ts` for why); start-up
 * takes a few hundred milliseconds, so start one per test file, not per test.
 *
 * ```ts
 * const s3 = await startS3rver({ buckets: ["batch-bucket"] });
 * await s3.client.send(new PutObjectCommand({ Bucket: "batch-bucket", Key: "in/a.jsonl", Body: text }));
 * await s3.close();
 * ```
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { S3Client } from "@aws-sdk/client-s3";
import { s3rverClientConfig } from "./s3rver-client-config.ts";

export interface StartS3rverOptions {
  /** Buckets to create before the first request. */
  buckets?: string[];
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: a free port. */
  port?: number;
}

export interface RunningS3rver {
  /** `http://127.0.0.1:PORT`: an S3 `endpoint` (with `forcePathStyle: true`). */
  readonly endpoint: string;
  /** A client for this server: path-style, S3RVER credentials, checksums only when required. */
  readonly client: S3Client;
  /** Stops the server, destroys `client` and removes the data directory. Safe to call twice. */
  close(): Promise<void>;
}

const PROCESS_ENTRY = fileURLToPath(new URL("./s3rver-process.ts", import.meta.url));
/** The project root, so `--import tsx` and `s3rver` resolve from its node_modules whatever the caller's cwd. */
const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const START_TIMEOUT_MS = 20_000;

export async function startS3rver(opts: StartS3rverOptions = {}): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), "s3rver-"));
  const host = opts.host ?? "127.0.0.1";
  const args = ["--openssl-legacy-provider", "--import", "tsx", PROCESS_ENTRY, "--directory", directory, "--host", host];
  args.push("--port", String(opts.port ?? 0), ...(opts.buckets ?? []).flatMap((name) => ["--bucket", name]));
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));

  const exited = once(child, "exit");
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    await rm(directory, { recursive: true, force: true });
  };

  let port: number;
  try {
    port = await readPort(child.stdout, exited, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const endpoint = `http://${urlHost}:${port}`;
  const client = new S3Client(s3rverClientConfig(endpoint));
  let closed: Promise<void> | undefined;
  return {
    endpoint,
    client,
    close: () => {
      closed ??= (async () => {
        client.destroy();
        await stop();
      })();
      return closed;
    },
  };
}

/** The `{"port":N}` line the child prints once listening; rejects if it exits or stays silent. */
async function readPort(stdout: NodeJS.ReadableStream, exited: Promise<unknown>, stderr: () => string): Promise<number> {
  const lines = createInterface({ input: stdout });
  const timeout = AbortSignal.timeout(START_TIMEOUT_MS);
  try {
    const first = await Promise.race([
      once(lines, "line", { signal: timeout }).then(([line]) => String(line)),
      exited.then(() => undefined),
    ]);
    const port = first === undefined ? undefined : (JSON.parse(first) as { port?: unknown }).port;
    if (typeof port !== "number") throw new Error(`s3rver did not start: ${stderr() || "no output"}`);
    return port;
  } finally {
    lines.close();
  }
}
