import { describe, expect, it } from "vitest";
import { checkAttachmentUrl } from "../../../src/bot/guard/check-attachment-url.ts";

const config = { cdn_hosts: ["cdn.discordapp.com", "media.discordapp.net", "127.0.0.1:8777"], max_attachment_mb: 25 };
const notCdn = { allowed: false, reason: "it is not hosted on Discord's CDN, so the bot does not download it" };
const check = (url: string, size = 1000) => checkAttachmentUrl({ url, size }, config);

describe("checkAttachmentUrl", () => {
  it("GIVEN Discord CDN URLs WHEN checked THEN allowed", () => {
    expect([
      check("https://cdn.discordapp.com/attachments/1/2/photo.png?ex=abc&is=def&hm=123"),
      check("https://MEDIA.discordapp.net/attachments/1/2/photo.png"),
      check("http://127.0.0.1:8777/attachments/1/2/a.pdf"),
    ]).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
  });

  it("GIVEN other hosts, schemes, ports or credentials WHEN checked THEN refused", () => {
    expect([
      check("http://cdn.discordapp.com/attachments/1/2/photo.png"),
      check("https://cdn.discordapp.com.evil.example/photo.png"),
      check("https://evil.example/cdn.discordapp.com/photo.png"),
      check("https://cdn.discordapp.com:8443/photo.png"),
      check("http://127.0.0.1:9999/attachments/a.pdf"),
      check("https://user:pass@cdn.discordapp.com/photo.png"),
      check("file:///etc/passwd"),
    ]).toEqual([notCdn, notCdn, notCdn, notCdn, notCdn, notCdn, notCdn]);
  });

  it("GIVEN a malformed URL WHEN checked THEN refused", () => {
    expect(check("not a url")).toEqual({ allowed: false, reason: "it has no valid download link" });
  });

  it("GIVEN a file over max_attachment_mb WHEN checked THEN refused with both sizes; exactly the limit is fine", () => {
    expect([check("https://cdn.discordapp.com/a.zip", 30 * 1024 * 1024), check("https://cdn.discordapp.com/a.zip", 25 * 1024 * 1024)]).toEqual([
      { allowed: false, reason: "the file is 30 MB, the bot reads files up to 25 MB" },
      { allowed: true },
    ]);
  });
});
