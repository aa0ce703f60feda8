/**
 * A tiny Bedrock runtime that answers each request with the next queued recording, byte for byte, and remembers what
 * was asked. It knows nothing of Bedrock: whatever the real SDK makes of the bytes is what a user would get.
 */
import { startHttpServer, type FakeHttpRequest, type RunningHttpServer } from "../bedrock/server.ts";
import type { Recording } from "./recordings.ts";

export interface ReplayServer {
  readonly url: string;
  /** Queue the answer to the next request. */
  answerNext(recording: Recording): void;
  /** Requests seen so far (path and parsed JSON body). */
  readonly requests: readonly { path: string; body: unknown }[];
  close(): Promise<void>;
}

export async function startReplayServer(): Promise<ReplayServer> {
  const queue: Recording[] = [];
  const requests: { path: string; body: unknown }[] = [];
  const server: RunningHttpServer = await startHttpServer(async (request: FakeHttpRequest, response) => {
    requests.push({ path: decodeURIComponent(request.path), body: parseBody(request.body) });
    const next = queue.shift();
    if (next === undefined) {
      response.send(500, { "content-type": "application/json" }, JSON.stringify({ message: `replay server: nothing queued for ${request.path}` }));
      return;
    }
    response.open(next.status, { ...next.headers, "content-length": String(next.body.byteLength) });
    response.write(next.body);
    response.end();
    await Promise.resolve();
  });
  return {
    url: server.url,
    answerNext: (recording) => queue.push(recording),
    requests,
    close: () => server.close(),
  };
}

function parseBody(body: Buffer): unknown {
  if (body.byteLength === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return body.toString("utf8");
  }
}
