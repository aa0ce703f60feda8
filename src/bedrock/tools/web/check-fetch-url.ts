/**
 * The checks on a URL before `fetch_url` opens a connection to it, on the first hop and on every redirect: http(s)
 * only, no credentials in the URL, the domain allow/deny lists, and — for a host written as an IP address — the
 * address rules (`blockedAddressReason`). Hosts given by name are checked where the name is resolved, at connect
 * time (`safe-fetch.ts`). The WHATWG URL parser has already turned `2130706433`, `0x7f000001`, `017700000001` and
 * `127.1` into `127.0.0.1`, and `[::ffff:127.0.0.1]` into `[::ffff:7f00:1]`, so those are judged as what they are.
 */
import { isIP } from "node:net";
import { blockedAddressReason } from "./classify-address.ts";

export interface DomainLists {
  /** If non-empty, only these domains and their subdomains. */
  allow_domains: readonly string[];
  /** Never these domains or their subdomains. */
  deny_domains: readonly string[];
}

/** Why `url` must not be fetched, or `undefined`. */
export function urlRefusal(url: URL, lists: DomainLists): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return `only http and https URLs are fetched, not ${url.protocol.replace(/:$/, "")}:`;
  if (url.username !== "" || url.password !== "") return "URLs with a user name or password are not fetched";
  const host = hostOf(url);
  if (host === "") return "the URL has no host";
  if (lists.deny_domains.some((domain) => inDomain(host, domain))) return `${host} is on the bot's deny list`;
  if (lists.allow_domains.length > 0 && !lists.allow_domains.some((domain) => inDomain(host, domain))) {
    return `${host} is not on the bot's allow list (${lists.allow_domains.join(", ")})`;
  }
  if (isIP(host) !== 0) return blockedAddressReason(host);
  return undefined;
}

/** The URL's host without IPv6 brackets or a trailing dot, lower case. */
export function hostOf(url: URL): string {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return host.replace(/\.$/, "").toLowerCase();
}

function inDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}
