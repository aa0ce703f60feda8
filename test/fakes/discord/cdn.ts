import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeCore } from "./core.ts";

/**
 * GET /cdn/attachments/{channel}/{attachment}/{filename}?ex=&is=&hm= — serves stored attachments.
 * Like Discord's CDN, an unsigned, tampered or expired URL answers 404 "This content is no longer available.".
 */
export function serveCdn(core: FakeCore, request: IncomingMessage, response: ServerResponse, url: URL): void {
  const match = /^\/cdn\/attachments\/(\d+)\/(\d+)\/([^/]+)$/.exec(url.pathname);
  const attachment = match ? core.world.attachments.get(match[2]!) : undefined;
  const ex = url.searchParams.get("ex") ?? "";
  const valid =
    match !== null &&
    attachment !== undefined &&
    attachment.channelId === match[1] &&
    decodeURIComponent(match[3]!) === attachment.filename &&
    url.searchParams.get("hm") === core.cdnSignature(attachment.id, ex) &&
    parseInt(ex, 16) * 1000 > core.now();
  if (!valid || (request.method !== "GET" && request.method !== "HEAD")) {
    response.writeHead(404, { "Content-Type": "text/plain" }).end("This content is no longer available.");
    return;
  }
  response.writeHead(200, {
    "Content-Type": attachment.contentType ?? "application/octet-stream",
    "Content-Length": String(attachment.bytes.byteLength),
  });
  response.end(request.method === "HEAD" ? undefined : attachment.bytes);
}
