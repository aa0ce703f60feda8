/**
 * Whether the bot may download an attachment: the edge asks before every fetch, so the bot never fetches an
 * arbitrary URL (SSRF) or a file bigger than it is willing to hold in memory.
 *
 * - `https:` only, from a host listed in `bot.cdn_hosts` (exact match: `evil.cdn.discordapp.com.example` is not
 *   `cdn.discordapp.com`); a listed host with a port (`127.0.0.1:8443`) matches that port only;
 * - plain `http:` only for a loopback host listed with its port (the test fake's CDN, `127.0.0.1:PORT`);
 * - no credentials in the URL; at most `bot.max_attachment_mb` (the size Discord reports, before downloading).
 *
 * Reasons name no file, so they read after one: `dropped "big.zip": the file is 30 MB, the bot reads files up to 25 MB`.
 */
import { megabytes } from "../../bedrock/content/build-content-blocks.ts";
import type { BotConfig } from "../../config/schema.ts";
import { ALLOWED, refuse, type GuardDecision } from "./guard-decision.ts";

export interface AttachmentRef {
  url: string;
  /** Bytes, as Discord reports it. */
  size: number;
}

const MB = 1024 * 1024;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function checkAttachmentUrl(attachment: AttachmentRef, config: Pick<BotConfig, "cdn_hosts" | "max_attachment_mb">): GuardDecision {
  let url: URL;
  try {
    url = new URL(attachment.url);
  } catch {
    return refuse("it has no valid download link");
  }
  const hosts = new Set(config.cdn_hosts.map((host) => host.toLowerCase()));
  const listed = hosts.has(url.host);
  const allowedScheme = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname) && url.port !== "");
  if (!allowedScheme || !listed || url.username !== "" || url.password !== "") {
    return refuse("it is not hosted on Discord's CDN, so the bot does not download it");
  }
  const maxBytes = config.max_attachment_mb * MB;
  if (attachment.size > maxBytes) {
    return refuse(`the file is ${megabytes(attachment.size)}, the bot reads files up to ${megabytes(maxBytes)}`);
  }
  return ALLOWED;
}
