/**
 * Local servers for the fetch_url tests: a "private" one that must never be reached (it counts its hits), and a
 * "public" one reachable only through a stub DNS name and the fetcher's test-only allowance for its exact port. The
 * public one serves a page, redirects (`/to?url=…`, `/chain/<n>`), a big body, a slow body and an image.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Resolve, ResolvedAddress, SafeFetchDeps } from "../../../../src/bedrock/tools/web/safe-fetch.ts";

const PUBLIC_NAME = "public.test";

export interface SsrfServers {
  publicPort: number;
  privatePort: number;
  /** Requests the private server got: must stay 0. */
  privateHits(): number;
  publicUrl(path: string): string;
  /** The fetcher's deps: the stub resolver and the allowance for the public server only. */
  deps: SafeFetchDeps;
  close(): Promise<void>;
}

export const ARTICLE_HTML = `<!doctype html><html><head><title>Tide pools &amp; you</title><style>body{color:red}</style><script>steal()</script></head>
<body><nav><a href="/">Home</a></nav><h1>Tide pools</h1><p>Tide pools are rocky pockets of sea water left behind at <b>low tide</b>.</p>
<ul><li>Anemones</li><li>Hermit crabs</li></ul><img src="x.png" alt="a crab"></body></html>`;

async function listen(server: Server): Promise<number> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

export async function startSsrfServers(): Promise<SsrfServers> {
  let hits = 0;
  const privateServer = createServer((_request, response) => {
    hits += 1;
    response.end("SECRET internal data");
  });
  const publicServer = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    if (url.pathname === "/to") {
      response.writeHead(302, { location: url.searchParams.get("url") ?? "/" }).end();
    } else if (url.pathname.startsWith("/chain/")) {
      const left = Number(url.pathname.slice("/chain/".length));
      response.writeHead(302, { location: left <= 0 ? "/page" : `/chain/${left - 1}` }).end();
    } else if (url.pathname === "/page") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(ARTICLE_HTML);
    } else if (url.pathname === "/big") {
      response.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(300_000));
    } else if (url.pathname === "/slow") {
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("starting…"); // and never ends
    } else if (url.pathname === "/image") {
      response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    } else {
      response.writeHead(404).end("no such page");
    }
  });
  const [privatePort, publicPort] = [await listen(privateServer), await listen(publicServer)];
  let rebindCalls = 0;
  const names: Record<string, () => ResolvedAddress[]> = {
    [PUBLIC_NAME]: () => [{ address: "127.0.0.1", family: 4 }],
    "internal.test": () => [{ address: "10.0.0.5", family: 4 }],
    "metadata.test": () => [{ address: "169.254.169.254", family: 4 }],
    "loop.test": () => [{ address: "127.0.0.1", family: 4 }],
    "mixed.test": () => [
      { address: "93.184.215.14", family: 4 },
      { address: "192.168.1.1", family: 4 },
    ],
    "v6loop.test": () => [{ address: "::1", family: 6 }],
    "mapped.test": () => [{ address: "::ffff:127.0.0.1", family: 6 }],
    "nat64.test": () => [{ address: "64:ff9b::a00:1", family: 6 }],
    "cgnat.test": () => [{ address: "100.64.0.1", family: 4 }],
    "ula.test": () => [{ address: "fd12:3456::1", family: 6 }],
    // Public on the first answer, private on the next: the check must hold on the address actually connected to.
    "rebind.test": () => [{ address: (rebindCalls += 1) === 1 ? "127.0.0.1" : "10.0.0.7", family: 4 }],
  };
  const resolve: Resolve = async (hostname) => {
    const answer = names[hostname];
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return await Promise.resolve(answer());
  };
  return {
    publicPort,
    privatePort,
    privateHits: () => hits,
    publicUrl: (path) => `http://${PUBLIC_NAME}:${publicPort}${path}`,
    deps: { resolve, testOnlyReachable: [{ address: "127.0.0.1", port: publicPort }] },
    close: async () => {
      privateServer.closeAllConnections();
      publicServer.closeAllConnections();
      await Promise.all([new Promise((resolve) => privateServer.close(resolve)), new Promise((resolve) => publicServer.close(resolve))]);
    },
  };
}
