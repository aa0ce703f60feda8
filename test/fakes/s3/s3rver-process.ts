/**
 * Child-process entry that runs s3rver; started by `start-s3rver.ts`, not by hand.
 *
 * Why a child process: s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node >= 17)
 * only offers with `--openssl-legacy-provider` — without it every truncated listing answers 500 InternalError. That
 * flag is process-wide, so it goes on this process rather than on the test runner. It also keeps s3rver's winston
 * logger (which hooks uncaught exceptions) out of the tests' process.
 *
 * Args: --directory D --host H --port P [--bucket NAME]... ; prints one JSON line `{"port":N}` once listening, and
 * closes on SIGTERM or when stdin ends (the parent went away).
 */
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const S3rver = createRequire(import.meta.url)("s3rver") as S3rverConstructor;

const { values } = parseArgs({
  options: {
    directory: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "0" },
    bucket: { type: "string", multiple: true, default: [] },
  },
});
if (values.directory === undefined) throw new Error("s3rver-process: --directory is required");

const server = new S3rver({
  address: values.host,
  port: Number(values.port),
  directory: values.directory,
  silent: true,
  configureBuckets: values.bucket.map((name) => ({ name })),
});
const address = await server.run();
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);

let closing = false;
const stop = (): void => {
  if (closing) return;
  closing = true;
  // Keep-alive sockets of clients would hold close() open; the parent is done with them.
  setTimeout(() => process.exit(0), 1000).unref();
  void server.close().finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
process.stdin.on("end", stop);
process.stdin.resume();
