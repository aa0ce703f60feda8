/**
 * GET a public web resource without letting the request reach the bot's own network. Every hop (the URL, then each
 * redirect, at most `maxRedirects`) is checked by `urlRefusal` and then connected through its own undici `Agent`
 * whose connector
 *
 * - resolves names with `resolve` and refuses the connection when ANY of the addresses is not public
 *   (`blockedAddressReason`), before a socket is opened — the address checked is the address connected to, so a DNS
 *   answer that changes between a check and the connection (rebinding) has nothing to slip through;
 * - checks the connected socket's remote address once more, which also covers hosts written as IP addresses (Node
 *   does not look those up).
 *
 * The body is read up to `maxBytes` (the rest cut off), the whole fetch within `timeoutMs`.
 *
 * Tests need a "public" server, which can only be local: `testOnlyReachable` lets a NAME (never a literal address)
 * that resolves to one of the listed loopback address + port pairs connect. It is not in the config, it accepts
 * loopback addresses only (anything else throws), so it cannot open the way to another host or the metadata service.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { Agent, buildConnector, request } from "undici";
import ipaddr from "ipaddr.js";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import { blockedAddressReason } from "./classify-address.ts";
import { hostOf, urlRefusal, type DomainLists } from "./check-fetch-url.ts";

export interface ResolvedAddress {
  address: string;
  /** 4 or 6. */
  family: number;
}

export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeFetchOptions extends DomainLists {
  maxRedirects: number;
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface SafeFetchDeps {
  /** Every address of a name; default the system resolver (`dns.lookup`, all addresses). */
  resolve?: Resolve;
  /** TEST ONLY (see the file's comment): loopback address + port pairs a resolved name may connect to. */
  testOnlyReachable?: readonly { address: string; port: number }[];
}

export interface FetchedResource {
  /** The URL asked for, and the one finally answered (after redirects). */
  url: string;
  finalUrl: string;
  status: number;
  /** The `content-type` header, `""` when absent. */
  contentType: string;
  bytes: Uint8Array;
  /** The body was longer than `maxBytes`. */
  truncated: boolean;
}

/** A refusal of the address rules, found in an undici error's cause chain. */
class BlockedAddressError extends Error {}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HEADERS = { "user-agent": "bedrock-discord-bot fetch_url", accept: "text/html, text/plain;q=0.9, application/json;q=0.8, */*;q=0.1" };

const systemResolve: Resolve = async (hostname) => await dnsLookup(hostname, { all: true, verbatim: true });

export async function safeFetch(url: string, options: SafeFetchOptions, deps: SafeFetchDeps = {}): Promise<FetchedResource> {
  const reachable = checkTestAllowance(deps.testOnlyReachable ?? []);
  const signal = options.signal === undefined ? AbortSignal.timeout(options.timeoutMs) : AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  let current = parseUrl(url);
  for (let redirects = 0; ; redirects += 1) {
    const refusal = urlRefusal(current, options);
    if (refusal !== undefined) throw new UserFacingError(`Refused${redirects > 0 ? ` (redirect ${redirects})` : ""}: ${refusal}.`);
    const port = Number(current.port || (current.protocol === "https:" ? 443 : 80));
    const literal = isIP(hostOf(current)) !== 0;
    const agent = new Agent({ connect: checkedConnector(deps.resolve ?? systemResolve, (address) => !literal && reachable.has(`${address}|${port}`)) });
    try {
      const response = await request(current, { method: "GET", headers: HEADERS, dispatcher: agent, signal }).catch((error: unknown) => {
        throw describeFailure(error, current, signal, options.signal);
      });
      // Destroying a body early (a redirect, the size limit) makes it emit an abort error nobody else listens for.
      response.body.on("error", () => undefined);
      const location = response.headers.location;
      if (REDIRECTS.has(response.statusCode) && typeof location === "string") {
        response.body.destroy();
        if (redirects >= options.maxRedirects) throw new UserFacingError(`Refused: more than ${options.maxRedirects} redirects.`);
        current = parseUrl(location, current);
        continue;
      }
      const { bytes, truncated } = await readLimited(response.body, options.maxBytes).catch((error: unknown) => {
        throw describeFailure(error, current, signal, options.signal);
      });
      const contentType = response.headers["content-type"];
      return { url, finalUrl: current.href, status: response.statusCode, contentType: typeof contentType === "string" ? contentType : "", bytes, truncated };
    } finally {
      await agent.close().catch(() => undefined);
    }
  }
}

function parseUrl(text: string, base?: URL): URL {
  try {
    return new URL(text, base);
  } catch {
    throw new UserFacingError(`Refused: "${text.slice(0, 200)}" is not a valid URL.`);
  }
}

/** Loopback pairs only: the allowance must never reach another machine. */
function checkTestAllowance(pairs: readonly { address: string; port: number }[]): Set<string> {
  for (const { address } of pairs) {
    if (!ipaddr.isValid(address) || ipaddr.parse(address).range() !== "loopback") throw new Error(`testOnlyReachable takes loopback addresses only, not ${address}`);
  }
  return new Set(pairs.map(({ address, port }) => `${address}|${port}`));
}

/** undici's connector with the address rules applied to the lookup and to the connected socket. */
function checkedConnector(resolve: Resolve, exempt: (address: string) => boolean): buildConnector.connector {
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname)
      .then((addresses) => {
        if (addresses.length === 0) throw new UserFacingError(`${hostname} has no address`);
        for (const { address } of addresses) {
          const reason = exempt(address) ? undefined : blockedAddressReason(address);
          if (reason !== undefined) throw new BlockedAddressError(`${hostname} resolves to ${reason}`);
        }
        const wanted = addresses.filter(({ family }) => lookupOptions.family === undefined || lookupOptions.family === 0 || family === lookupOptions.family);
        return wanted.length > 0 ? wanted : addresses;
      })
      .then(
        (usable) => {
          if (lookupOptions.all === true) callback(null, usable);
          else callback(null, usable[0]?.address ?? "", usable[0]?.family ?? 4);
        },
        (error: unknown) => callback(error as NodeJS.ErrnoException, "", 4),
      );
  };
  const connect = buildConnector({ lookup });
  return (connectOptions, callback) => {
    connect(connectOptions, (error, socket) => {
      if (error !== null) {
        callback(error, null);
        return;
      }
      const remote = socket.remoteAddress ?? "";
      const reason = exempt(remote) ? undefined : blockedAddressReason(remote);
      if (reason === undefined) {
        callback(null, socket);
        return;
      }
      socket.destroy();
      callback(new BlockedAddressError(`${connectOptions.hostname} connected to ${reason}`), null);
    });
  };
}

async function readLimited(body: AsyncIterable<Uint8Array> & { destroy(): unknown }, maxBytes: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    const room = maxBytes - size;
    if (chunk.byteLength > room) {
      chunks.push(chunk.subarray(0, room));
      body.destroy();
      return { bytes: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  return { bytes: Buffer.concat(chunks), truncated: false };
}

/** A refusal from the connector, the time limit, or the network error, as a sentence for the model. */
function describeFailure(error: unknown, url: URL, signal: AbortSignal, stopSignal: AbortSignal | undefined): Error {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof BlockedAddressError) return new UserFacingError(`Refused: ${cause.message}; fetch_url only reaches public internet addresses.`);
    if (cause instanceof UserFacingError) return cause;
  }
  if (stopSignal?.aborted === true) return new UserFacingError(`The fetch of ${url.host} was stopped.`);
  if (signal.aborted) return new UserFacingError(`Could not fetch ${url.host}: it took longer than the time limit.`);
  const code = error instanceof Error && "code" in error ? ` (${String(error.code)})` : "";
  return new UserFacingError(`Could not fetch ${url.host}: ${error instanceof Error ? error.message : String(error)}${code}.`);
}
