/**
 * Runs the fake Bedrock by hand: `npm run fake:bedrock -- [--port N] [--host H] [--quiet]` (or FAKE_BEDROCK_PORT).
 * Prints what it serves and how to point the config at it, logs each call, and stays up until Ctrl-C. The model echoes
 * (see scripted-model.ts); scripts and faults are for tests that import `startFakeBedrock`.
 */
import { parseArgs } from "node:util";
import { startFakeBedrock } from "./index.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    quiet: { type: "boolean", default: false },
  },
});
const portText = values.port ?? process.env.FAKE_BEDROCK_PORT ?? "0";
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port: expected a port number (0-65535), got "${portText}"`);
  process.exit(2);
}

const log = values.quiet ? undefined : (line: string): void => console.log(`${new Date().toISOString()} ${line}`);
const fake = await startFakeBedrock({ port, host: values.host, log });

console.log(`Fake Bedrock is listening (HTTP/2 cleartext and HTTP/1.1 on one port).

  bedrock-runtime  ${fake.url}   POST /model/{modelId}/converse, /converse-stream

Point the config at it, in config/model_config.toml:

  [[api_providers]]
  name = "fake"
  client_type = "bedrock"
  api_key = "AKIDFAKE"                      # any access key id works; or api_key_type = "bedrock" with any key
  extra_params = { aws_secret_key = "fake", region = "us-east-1", runtime_endpoint = "${fake.url}" }

Every reply echoes the last user message. Ctrl-C to stop.`);

const stop = (): void => {
  void fake.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
