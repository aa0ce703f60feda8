/** downloadAttachment: CDN-only, each redirect hop checked, the size cap enforced on the bytes that arrive. */
import { describe, expect, it } from "vitest";
import { downloadAttachment } from "../../../src/bot/discord/download-attachment.ts";

const config = { cdn_hosts: ["cdn.discordapp.com", "media.discordapp.net"], max_attachment_mb: 1 };
const file = (url: string, size = 10) => ({ id: "1", filename: "a.png", url, size });

/** A fetch answering from a table of URL -> Response, recording what was asked. */
function fakeFetch(routes: Record<string, () => Response>): typeof fetch & { calls: { url: string; redirect: string | undefined }[] } {
  const calls: { url: string; redirect: string | undefined }[] = [];
  const fetcher: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    calls.push({ url, redirect: init?.redirect });
    const route = routes[url];
    return Promise.resolve(route === undefined ? new Response("missing", { status: 404 }) : route());
  };
  return Object.assign(fetcher, { calls });
}

describe("downloadAttachment", () => {
  it("GIVEN a CDN URL WHEN downloaded THEN the bytes come back and redirects are not followed by fetch itself", async () => {
    const fetch = fakeFetch({ "https://cdn.discordapp.com/a.png": () => new Response(new Uint8Array([1, 2, 3])) });

    expect(await downloadAttachment(file("https://cdn.discordapp.com/a.png"), { fetch, config })).toEqual(new Uint8Array([1, 2, 3]));
    expect(fetch.calls).toEqual([{ url: "https://cdn.discordapp.com/a.png", redirect: "manual" }]);
  });

  it("GIVEN a redirect to another CDN host WHEN downloaded THEN it is followed", async () => {
    const fetch = fakeFetch({
      "https://cdn.discordapp.com/a.png": () => new Response(null, { status: 302, headers: { location: "https://media.discordapp.net/a.png" } }),
      "https://media.discordapp.net/a.png": () => new Response(new Uint8Array([7])),
    });

    expect(await downloadAttachment(file("https://cdn.discordapp.com/a.png"), { fetch, config })).toEqual(new Uint8Array([7]));
  });

  it("GIVEN a redirect off the CDN WHEN downloaded THEN the target is never fetched", async () => {
    const fetch = fakeFetch({
      "https://cdn.discordapp.com/a.png": () => new Response(null, { status: 301, headers: { location: "http://169.254.169.254/latest" } }),
    });

    await expect(downloadAttachment(file("https://cdn.discordapp.com/a.png"), { fetch, config })).rejects.toThrow(
      "its download link redirects elsewhere: it is not hosted on Discord's CDN, so the bot does not download it",
    );
    expect(fetch.calls.map((call) => call.url)).toEqual(["https://cdn.discordapp.com/a.png"]);
  });

  it("GIVEN a body larger than the cap although Discord reported a small size WHEN downloaded THEN it is refused", async () => {
    const fetch = fakeFetch({ "https://cdn.discordapp.com/a.png": () => new Response(new Uint8Array(2 * 1024 * 1024)) });

    await expect(downloadAttachment(file("https://cdn.discordapp.com/a.png", 10), { fetch, config })).rejects.toThrow("the file is larger than 1 MB, the most the bot reads");
  });

  it("GIVEN an expired CDN link WHEN downloaded THEN the reason names the status", async () => {
    const fetch = fakeFetch({});

    await expect(downloadAttachment(file("https://cdn.discordapp.com/a.png"), { fetch, config })).rejects.toThrow("the CDN answered 404 (the link may have expired)");
  });
});
