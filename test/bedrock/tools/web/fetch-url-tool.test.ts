/** The fetch_url tool through the registry, as the model sees it: what it gets back, and every refusal's reason. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../../../src/bedrock/tools/tool-registry.ts";
import { createFetchUrlTool } from "../../../../src/bedrock/tools/web/fetch-url-tool.ts";
import { urlsInText } from "../../../../src/bedrock/tools/web/urls-in-text.ts";
import { configSchema, type WebFetchConfig } from "../../../../src/config/schema.ts";
import { startSsrfServers, type SsrfServers } from "./ssrf-servers.ts";

let servers: SsrfServers;
beforeAll(async () => {
  servers = await startSsrfServers();
});
afterAll(async () => {
  await servers.close();
});

const DEFAULTS: WebFetchConfig = configSchema.parse({}).web_fetch;

/** The registry with fetch_url told that `written` is what people wrote; runs one call of `url`. */
async function call(url: string, written: string, config: Partial<WebFetchConfig> = {}) {
  const tool = createFetchUrlTool({ config: { ...DEFAULTS, enabled: true, ...config }, conversationUrls: new Set(urlsInText(written)), fetch: servers.deps });
  return await new ToolRegistry([tool]).run({ toolUseId: "t1", name: "fetch_url", input: { url } });
}

describe("fetch_url", () => {
  it("GIVEN the defaults WHEN read THEN it is off, conversation URLs only, 5 redirects", () => {
    expect(DEFAULTS).toMatchObject({ enabled: false, conversation_urls_only: true, max_redirects: 5 });
  });

  it("GIVEN a written URL WHEN its text is longer than max_chars THEN it is cut and the note says so", async () => {
    const url = servers.publicUrl("/big");
    const run = await call(url, `look at ${url}`, { max_chars: 1000 });
    expect(run.status).toBe("success");
    const result = JSON.parse(run.output) as { text: string; note: string };
    expect(result.text).toHaveLength(1000);
    expect(result.note).toBe("Incomplete: the text was cut to 1000 characters.");
  });

  it("GIVEN a redirect WHEN followed THEN the final URL is reported", async () => {
    const url = servers.publicUrl("/chain/1");
    const run = await call(url, url);
    expect(JSON.parse(run.output)).toMatchObject({ url, final_url: servers.publicUrl("/page"), title: "Tide pools & you" });
  });

  it("GIVEN a missing page, an image, or a URL with a different query than the one written WHEN fetched THEN errors the model can read", async () => {
    const missing = servers.publicUrl("/missing");
    expect((await call(missing, missing)).output).toBe(`fetch_url failed: The server answered HTTP 404 for ${missing}.`);
    const image = servers.publicUrl("/image");
    expect((await call(image, image)).output).toContain("The page is image/png, not text or HTML");
    const page = servers.publicUrl("/page");
    expect((await call(`${page}?secret=hunter2`, page)).output).toContain("only URLs that a person wrote in this conversation can be fetched");
  });

  it("GIVEN conversation_urls_only = false WHEN any public URL is asked THEN fetched, and private ones are still refused", async () => {
    expect((await call(servers.publicUrl("/page"), "", { conversation_urls_only: false })).status).toBe("success");
    expect((await call("http://10.1.2.3/", "", { conversation_urls_only: false })).output).toContain("10.1.2.3 is a private network address");
  });
});
