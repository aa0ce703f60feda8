/**
 * A wire-level fake of Bedrock for tests: the real `BedrockRuntimeClient` (with `endpoint: fake.url`, any region,
 * any static credentials or a bearer token) talks to it over HTTP/2 cleartext; HTTP/1.1 clients are served too.
 *
 * ```ts
 * const fake = await startFakeBedrock();
 * const client = new BedrockRuntimeClient({ endpoint: fake.url, region: "us-east-1", credentials: { accessKeyId: "AKID", secretAccessKey: "x" } });
 * fake.script("*", { text: "Hello" });
 * ```
 */
import { randomUUID } from "node:crypto";
import { sendAwsError } from "./errors.ts";
import { FaultQueue } from "./fault-queue.ts";
import { handleRuntimeRequest } from "./routes.ts";
import type { RuntimeState } from "./routes.ts";
import { ScriptQueue } from "./script-queue.ts";
import { startHttpServer } from "./server.ts";
import type { FakeBedrock } from "./types.ts";

export type { Fault, FakeBedrock, Pace, RecordedRequest, RuntimeOperation, ScriptedReply } from "./types.ts";

export interface StartFakeBedrockOptions {
  /** Default: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Called with one line per answered runtime call. */
  log?: (line: string) => void;
}

export async function startFakeBedrock(opts: StartFakeBedrockOptions = {}): Promise<FakeBedrock> {
  const state: RuntimeState = { requests: [], scripts: new ScriptQueue(), faults: new FaultQueue(), pace: {}, log: opts.log };
  const server = await startHttpServer(
    async (request, response) => {
      if (await handleRuntimeRequest(state, request, response)) return;
      sendAwsError(
        response,
        { status: 404, type: "UnknownOperationException", message: `No operation at ${request.method} ${request.path}` },
        randomUUID(),
      );
    },
    { port: opts.port, host: opts.host },
  );
  return {
    url: server.url,
    requests: state.requests,
    script: (modelId, ...replies) => state.scripts.add(modelId, replies),
    fail: (times, fault) => state.faults.add(times, fault),
    setPace: (pace) => {
      state.pace = { ...state.pace, ...pace };
    },
    reset: () => {
      state.scripts.clear();
      state.faults.clear();
      state.pace = {};
      state.requests.length = 0;
    },
    close: () => server.close(),
  };
}
