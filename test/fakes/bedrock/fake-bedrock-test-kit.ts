/** Helpers for this folder's tests: a real runtime client pointed at the fake, raw HTTP calls, stream collection. */
import http from "node:http";
import http2 from "node:http2";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClientConfig, ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";

export const FAKE_CREDENTIALS = { accessKeyId: "AKIDFAKEFAKEFAKE", secretAccessKey: "fake-secret" };

export function runtimeClient(url: string, config: Partial<BedrockRuntimeClientConfig> = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({ endpoint: url, region: "us-east-1", credentials: FAKE_CREDENTIALS, ...config });
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
