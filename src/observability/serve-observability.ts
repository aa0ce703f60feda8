/**
 * The HTTP endpoints of `[observability] listen`, on node:http (no framework for three routes):
 *   GET /healthz  200 while the process answers (a blocked event loop cannot answer: the probe's timeout sees it),
 *                 with the event loop's recent delay for the curious;
 *   GET /readyz   200 or 503 with the reasons (readiness.ts);
 *   GET /metrics  Prometheus text format from the bot's registry.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Registry } from "prom-client";
import type { Readiness } from "./readiness.ts";

export interface ObservabilityServer {
  /** `http://host:port` it listens on (the port is chosen by the OS for port 0). */
  url: string;
  close(): Promise<void>;
}

export interface ObservabilityServerOptions {
  /** `host:port` from the config. */
  listen: string;
  registry: Registry;
  readiness: () => Promise<Readiness>;
}

export async function serveObservability(options: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const { host, port } = splitListen(options.listen);
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    const send = (status: number, contentType: string, body: string) => {
      response.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
      response.end(body);
    };
    if (request.method !== "GET" && request.method !== "HEAD") return send(405, "text/plain", "method not allowed\n");
    if (path === "/healthz") {
      const body = JSON.stringify({ status: "ok", eventLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e6) });
      loopDelay.reset();
      return send(200, "application/json", `${body}\n`);
    }
    if (path === "/readyz") {
      options.readiness().then(
        (readiness) => send(readiness.ready ? 200 : 503, "application/json", `${JSON.stringify(readiness)}\n`),
        (error: unknown) => send(503, "application/json", `${JSON.stringify({ ready: false, reasons: [`readiness check failed: ${error instanceof Error ? error.message : String(error)}`] })}\n`),
      );
      return;
    }
    if (path === "/metrics") {
      options.registry.metrics().then(
        (text) => send(200, options.registry.contentType, text),
        () => send(500, "text/plain", "metrics unavailable\n"),
      );
      return;
    }
    send(404, "text/plain", "not found: /healthz, /readyz, /metrics\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        loopDelay.disable();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `127.0.0.1:9464` / `[::1]:9464` -> host and port. */
function splitListen(listen: string): { host: string; port: number } {
  const colon = listen.lastIndexOf(":");
  const host = listen.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  return { host, port: Number(listen.slice(colon + 1)) };
}
