/** safeFetch against an SSRF corpus: local servers and a stub DNS resolver; every refusal says why, nothing private is reached. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeFetch, type SafeFetchOptions } from "../../../../src/bedrock/tools/web/safe-fetch.ts";
import { startSsrfServers, type SsrfServers } from "./ssrf-servers.ts";

let servers: SsrfServers;
beforeAll(async () => {
  servers = await startSsrfServers();
});
afterAll(async () => {
  await servers.close();
});

const OPTIONS: SafeFetchOptions = { allow_domains: [], deny_domains: [], maxRedirects: 5, maxBytes: 100_000, timeoutMs: 10_000 };

const fetchIt = (url: string, options: Partial<SafeFetchOptions> = {}) => safeFetch(url, { ...OPTIONS, ...options }, servers.deps);

/** [description, URL (a function of the servers), the reason expected] */
const CORPUS: [string, (s: SsrfServers) => string, RegExp][] = [
  ["loopback IPv4", (s) => `http://127.0.0.1:${s.privatePort}/`, /127\.0\.0\.1 is a loopback address/],
  ["cloud metadata", () => "http://169.254.169.254/latest/meta-data/iam/", /169\.254\.169\.254 is the cloud metadata service/],
  ["ECS metadata", () => "http://169.254.170.2/v2/credentials", /AWS ECS task metadata/],
  ["10/8", () => "http://10.0.0.1/", /10\.0\.0\.1 is a private network address/],
  ["172.16/12", () => "http://172.16.5.4/", /172\.16\.5\.4 is a private network address/],
  ["192.168/16", () => "https://192.168.0.1/admin", /192\.168\.0\.1 is a private network address/],
  ["IPv6 loopback", (s) => `http://[::1]:${s.privatePort}/`, /::1 is a loopback address/],
  ["IPv4-mapped IPv6", (s) => `http://[::ffff:127.0.0.1]:${s.privatePort}/`, /maps to IPv4 127\.0\.0\.1: 127\.0\.0\.1 is a loopback address/],
  ["hex IPv4", (s) => `http://0x7f000001:${s.privatePort}/`, /127\.0\.0\.1 is a loopback address/],
  ["decimal IPv4", (s) => `http://2130706433:${s.privatePort}/`, /127\.0\.0\.1 is a loopback address/],
  ["octal IPv4", (s) => `http://017700000001:${s.privatePort}/`, /127\.0\.0\.1 is a loopback address/],
  ["short IPv4", (s) => `http://127.1:${s.privatePort}/`, /127\.0\.0\.1 is a loopback address/],
  ["unspecified", (s) => `http://0.0.0.0:${s.privatePort}/`, /0\.0\.0\.0 is an unspecified address/],
  ["AWS IPv6 metadata", () => "http://[fd00:ec2::254]/latest/meta-data/", /AWS metadata service \(IPv6\)/],
  ["NAT64 of loopback", () => "http://[64:ff9b::7f00:1]/", /NAT64 address/],
  ["CGNAT / Alibaba metadata", () => "http://100.100.100.200/latest/meta-data/", /Alibaba Cloud metadata/],
  ["multicast", () => "http://224.0.0.1/", /multicast address/],
  ["name -> 10/8", () => "http://internal.test/", /internal\.test resolves to 10\.0\.0\.5 is a private network address/],
  ["name -> metadata", () => "http://metadata.test/latest/meta-data/", /metadata\.test resolves to 169\.254\.169\.254 is the cloud metadata service/],
  ["name -> loopback on a port not allowed", (s) => `http://loop.test:${s.privatePort}/`, /loop\.test resolves to 127\.0\.0\.1 is a loopback address/],
  ["name with one private address among public ones", () => "http://mixed.test/", /mixed\.test resolves to 192\.168\.1\.1 is a private network address/],
  ["name -> ::1", () => "http://v6loop.test/", /v6loop\.test resolves to ::1 is a loopback address/],
  ["name -> ::ffff:127.0.0.1", () => "http://mapped.test/", /mapped\.test resolves to ::ffff:127\.0\.0\.1 maps to IPv4 127\.0\.0\.1/],
  ["name -> NAT64", () => "http://nat64.test/", /nat64\.test resolves to 64:ff9b::a00:1 is a NAT64 address/],
  ["name -> CGNAT", () => "http://cgnat.test/", /carrier-grade NAT/],
  ["name -> unique local IPv6", () => "http://ula.test/", /private \(unique local\) IPv6 address/],
  ["public -> redirect to loopback", (s) => s.publicUrl(`/to?url=${encodeURIComponent(`http://127.0.0.1:${s.privatePort}/`)}`), /Refused \(redirect 1\): 127\.0\.0\.1 is a loopback address/],
  ["public -> redirect to metadata", (s) => s.publicUrl(`/to?url=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`), /Refused \(redirect 1\): 169\.254\.169\.254/],
  ["public -> redirect to mapped IPv6", (s) => s.publicUrl(`/to?url=${encodeURIComponent(`http://[::ffff:7f00:1]:${s.privatePort}/`)}`), /Refused \(redirect 1\): ::ffff:7f00:1 maps to IPv4 127\.0\.0\.1/],
  [
    "public -> public -> name resolving to 10/8",
    (s) => s.publicUrl(`/to?url=${encodeURIComponent(s.publicUrl(`/to?url=${encodeURIComponent("http://internal.test/")}`))}`),
    /internal\.test resolves to 10\.0\.0\.5/,
  ],
  ["DNS rebinding: public first, private on the redirect", (s) => `http://rebind.test:${s.publicPort}/to?url=${encodeURIComponent(`http://rebind.test:${s.publicPort}/page`)}`, /rebind\.test resolves to 10\.0\.0\.7/],
  ["public -> redirect to file:", (s) => s.publicUrl(`/to?url=${encodeURIComponent("file:///etc/passwd")}`), /only http and https URLs are fetched, not file:/],
  ["file: URL", () => "file:///etc/passwd", /only http and https URLs are fetched, not file:/],
  ["gopher: URL", () => "gopher://127.0.0.1:11211/_stats", /only http and https URLs are fetched, not gopher:/],
  ["credentials in the URL", (s) => `http://admin:secret@${new URL(s.publicUrl("/")).host}/page`, /user name or password/],
  ["more than 5 redirects", (s) => s.publicUrl("/chain/6"), /more than 5 redirects/],
];

describe("safeFetch: SSRF corpus", () => {
  it.each(CORPUS)("GIVEN %s WHEN fetched THEN refused with the reason", async (_name, url, reason) => {
    await expect(fetchIt(url(servers))).rejects.toThrow(reason);
  });

  it("GIVEN the whole corpus WHEN run THEN the private server was never reached", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(20);
    expect(servers.privateHits()).toBe(0);
  });
});

describe("safeFetch: public pages and limits", () => {
  it("GIVEN a public page behind 5 redirects WHEN fetched THEN its HTML and final URL come back", async () => {
    const page = await fetchIt(servers.publicUrl("/chain/4"));
    expect(page).toMatchObject({ status: 200, finalUrl: servers.publicUrl("/page"), truncated: false });
    expect(page.contentType).toContain("text/html");
    expect(Buffer.from(page.bytes).toString("utf8")).toContain("<h1>Tide pools</h1>");
  });

  it("GIVEN a body over maxBytes WHEN fetched THEN it is cut at maxBytes and says so", async () => {
    const page = await fetchIt(servers.publicUrl("/big"), { maxBytes: 10_000 });
    expect(page.bytes.byteLength).toBe(10_000);
    expect(page.truncated).toBe(true);
  });

  it("GIVEN a body that never ends WHEN fetched THEN the time limit stops it with a reason", async () => {
    await expect(fetchIt(servers.publicUrl("/slow"), { timeoutMs: 300 })).rejects.toThrow(/took longer than the time limit/);
  });

  it("GIVEN deny and allow lists WHEN a host is on neither or denied THEN refused; subdomains count", async () => {
    await expect(fetchIt(servers.publicUrl("/page"), { deny_domains: ["test"] })).rejects.toThrow(/public\.test is on the bot's deny list/);
    await expect(fetchIt(servers.publicUrl("/page"), { allow_domains: ["example.com"] })).rejects.toThrow(/public\.test is not on the bot's allow list \(example\.com\)/);
    await expect(fetchIt(servers.publicUrl("/page"), { allow_domains: ["public.test"] })).resolves.toMatchObject({ status: 200 });
  });

  it("GIVEN an unknown name WHEN fetched THEN the DNS failure is the reason", async () => {
    await expect(fetchIt("http://nowhere.test/")).rejects.toThrow(/Could not fetch nowhere\.test: .*ENOTFOUND/);
  });

  it("GIVEN a test allowance for anything but a loopback address WHEN used THEN it throws: the allowance can never reach another host", async () => {
    await expect(safeFetch(servers.publicUrl("/page"), OPTIONS, { ...servers.deps, testOnlyReachable: [{ address: "10.0.0.5", port: 80 }] })).rejects.toThrow(/loopback addresses only/);
    await expect(safeFetch(servers.publicUrl("/page"), OPTIONS, { ...servers.deps, testOnlyReachable: [{ address: "169.254.169.254", port: 80 }] })).rejects.toThrow(/loopback addresses only/);
  });

  it("GIVEN the allowed public port WHEN asked for it by literal address THEN still refused: the allowance covers resolved names only", async () => {
    await expect(fetchIt(`http://127.0.0.1:${servers.publicPort}/page`)).rejects.toThrow(/127\.0\.0\.1 is a loopback address/);
  });
});
