/**
 * A local cleartext server that speaks HTTP/2 AND HTTP/1.1 on one port.
 *
 * Why both: the bedrock-runtime client uses `NodeHttp2Handler` (h2c with prior knowledge for an http:// endpoint),
 * while the bedrock control-plane client (batch jobs) uses `NodeHttpHandler` (HTTP/1.1). `http2.createServer({
 * allowHTTP1 })` only negotiates through TLS ALPN; on Node 20 a cleartext HTTP/1.1 request to it fails to parse. So we
 * peek at the first bytes of each connection: the HTTP/2 connection preface goes to an http2 server, anything else to
 * an http server. Handlers see one small request/response shape and never the Node types.
 */
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import type { AddressInfo } from "node:net";

/** A request with its whole body read. Header names are lower-case; HTTP/2 pseudo-headers are left out. */
export interface FakeHttpRequest {
  readonly method: string;
  /** Raw path as sent, still percent-encoded, query included. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly httpVersion: string;
}

/** The response side. `signal` aborts when the client goes away or the server closes. */
export interface FakeHttpResponse {
  send(status: number, headers: Record<string, string>, body: string | Uint8Array): void;
  /** Sends status and headers now; then `write` chunks and `end`. */
  open(status: number, headers: Record<string, string>): void;
  write(chunk: Uint8Array): void;
  end(): void;
  readonly signal: AbortSignal;
}

export type FakeHttpHandler = (request: FakeHttpRequest, response: FakeHttpResponse) => Promise<void>;

export interface RunningHttpServer {
  /** `http://host:port`, usable as an SDK `endpoint`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const HTTP2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

type NodeRequest = http.IncomingMessage | http2.Http2ServerRequest;
type NodeResponse = http.ServerResponse | http2.Http2ServerResponse;

export async function startHttpServer(
  handler: FakeHttpHandler,
  opts: { port?: number; host?: string; onError?: (error: unknown) => void } = {},
): Promise<RunningHttpServer> {
  const host = opts.host ?? "127.0.0.1";
  const onError = opts.onError ?? ((error: unknown) => console.error("fake server handler failed:", error));
  const serverClosing = new AbortController();
  const sockets = new Set<net.Socket>();

  const onRequest = (req: NodeRequest, res: NodeResponse): void => {
    void serve(req, res, handler, serverClosing.signal).catch(onError);
  };
  const h1 = http.createServer(onRequest);
  const h2 = http2.createServer(onRequest);

  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      const n = Math.min(first.length, HTTP2_PREFACE.length);
      const isHttp2 = first.subarray(0, n).equals(HTTP2_PREFACE.subarray(0, n));
      (isHttp2 ? h2 : h1).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: async () => {
      serverClosing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

async function serve(req: NodeRequest, res: NodeResponse, handler: FakeHttpHandler, serverClosing: AbortSignal): Promise<void> {
  const gone = new AbortController();
  const abort = (): void => gone.abort();
  serverClosing.addEventListener("abort", abort, { once: true });
  res.on("close", () => {
    serverClosing.removeEventListener("abort", abort);
    if (!res.writableFinished) abort();
  });

  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req) chunks.push(chunk as Buffer);
  } catch (error) {
    if (gone.signal.aborted) return; // the client hung up mid-body: nobody to answer
    throw error;
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(":") || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const request: FakeHttpRequest = {
    method: req.method ?? "GET",
    path: req.url ?? "/",
    headers,
    body: Buffer.concat(chunks),
    httpVersion: req.httpVersion,
  };
  await handler(request, wrapResponse(res, gone.signal));
}

function wrapResponse(res: NodeResponse, signal: AbortSignal): FakeHttpResponse {
  // The two Node response classes have the same methods but incompatible overloads; this is the subset we use.
  const out = res as unknown as {
    writeHead(status: number, headers: Record<string, string>): void;
    write(chunk: Uint8Array): boolean;
    end(chunk?: string | Uint8Array): void;
  };
  return {
    signal,
    send(status, headers, body) {
      if (signal.aborted) return;
      out.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) });
      out.end(body);
    },
    open(status, headers) {
      if (signal.aborted) return;
      out.writeHead(status, headers);
    },
    write(chunk) {
      if (signal.aborted) return;
      out.write(chunk);
    },
    end() {
      if (signal.aborted) return;
      out.end();
    },
  };
}
