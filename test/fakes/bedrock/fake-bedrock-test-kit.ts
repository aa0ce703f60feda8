/** Helpers for this folder's tests: a real runtime client pointed at the fake, raw HTTP calls, stream collection. */
import http from "node:http";
import http2 from "node:http2";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClientConfig, ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startFakeBedrock, type FakeBedrock } from "./index.ts";

export const FAKE_CREDENTIALS = { accessKeyId: "AKIDFAKEFAKEFAKE", secretAccessKey: "fake-secret" };

export function runtimeClient(url: string, config: Partial<BedrockRuntimeClientConfig> = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ endpoint: url, region: "us-east-1", credentials: FAKE_CREDENTIALS, ...config });
}

/**
 * One fake runtime for a test file, with a real client on it, reset before each test and closed after the last.
 * `use` receives both once they are up (the file keeps them in its own variables).
 */
export function useFakeBedrockRuntime(use: (started: { fake: FakeBedrock; client: BedrockRuntimeClient }) => void, config: Partial<BedrockRuntimeClientConfig> = {}): void {
  let fake: FakeBedrock | undefined;
  let client: BedrockRuntimeClient | undefined;
  beforeAll(async () => {
    fake = await startFakeBedrock();
    client = runtimeClient(fake.url, config);
    use({ fake, client });
  });
  beforeEach(() => fake?.reset());
  afterAll(async () => {
    client?.destroy();
    await fake?.close();
  });
}

export async function collectStream(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<ConverseStreamOutput[]> {
  const events: ConverseStreamOutput[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A POST over HTTP/2 cleartext with exactly these headers (no SDK signing). */
export async function postHttp2(url: string, path: string, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const session = http2.connect(url);
  try {
    return await new Promise<RawResponse>((resolve, reject) => {
      const request = session.request({ ":method": "POST", ":path": path, "content-type": "application/json", ...headers });
      let responseHeaders: http2.IncomingHttpHeaders = {};
      let text = "";
      request.setEncoding("utf8");
      request.on("response", (received) => (responseHeaders = received));
      request.on("data", (chunk: string) => (text += chunk));
      request.on("end", () => resolve({ status: Number(responseHeaders[":status"]), headers: responseHeaders, body: text }));
      request.on("error", reject);
      request.end(body);
    });
  } finally {
    session.close();
  }
}

/** A POST over HTTP/1.1, as the control-plane client sends it. */
export async function postHttp1(url: string, path: string, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const request = http.request(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** Runs `send` and returns what it threw (fails the test when nothing was thrown). */
export async function caught(send: () => Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await send();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
