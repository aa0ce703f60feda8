import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serveCdn } from "./cdn.ts";
import { FakeCore } from "./core.ts";
import { FakeDiscord } from "./fake-discord.ts";
import { resolveOptions, type FakeDiscordOptions } from "./options.ts";
import { handleRestRequest } from "./rest-server.ts";

/** Starts a fake Discord (REST under /api/v10, gateway at /gateway, CDN under /cdn) on one local port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const core = new FakeCore(resolveOptions(options));
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", core.baseUrl);
    const handled = url.pathname.startsWith("/cdn/") ? Promise.resolve(serveCdn(core, request, response, url)) : handleRestRequest(core, request, response, url);
    handled.catch((error: unknown) => {
      core.violations.push({ kind: "fake-error", method: request.method ?? "", path: url.pathname, route: "unknown", message: String((error as Error).stack ?? error), issues: [] });
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ message: "500: Internal Server Error", code: 0 }));
    });
  });
  server.on("upgrade", (request, socket, head) => {
    if (new URL(request.url ?? "/", "http://fake").pathname === "/gateway") core.gateway.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(core.options.port, core.options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  core.baseUrl = `http://${core.options.host}:${port}`;
  return new FakeDiscord(core, server);
}
