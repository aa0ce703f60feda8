/**
 * Downloads one attachment for the model, and nothing else (SSRF): the URL must pass `checkAttachmentUrl` (allowed
 * CDN host, size Discord reports under `max_attachment_mb`); redirects are not followed blindly — each hop must pass
 * the same check (at most `MAX_REDIRECTS`); the body is read with the cap enforced on the bytes that actually arrive,
 * whatever the headers said. Refusals are `UserFacingError`s whose sentence reads after `dropped "<file>": `.
 */
import { megabytes } from "../../bedrock/content/build-content-blocks.ts";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { BotConfig } from "../../config/schema.ts";
import type { ChatAttachment } from "../chat/chat-message.ts";
import { checkAttachmentUrl } from "../guard/check-attachment-url.ts";

export interface DownloadAttachmentDeps {
  fetch: typeof fetch;
  config: Pick<BotConfig, "cdn_hosts" | "max_attachment_mb">;
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 3;
const MB = 1024 * 1024;

export async function downloadAttachment(attachment: ChatAttachment, deps: DownloadAttachmentDeps): Promise<Uint8Array> {
  const maxBytes = deps.config.max_attachment_mb * MB;
  let url = attachment.url;
  for (let hop = 0; ; hop += 1) {
    const decision = checkAttachmentUrl({ url, size: attachment.size }, deps.config);
    if (!decision.allowed) throw new UserFacingError(hop === 0 ? decision.reason : `its download link redirects elsewhere: ${decision.reason}`);
    const response = await deps.fetch(url, { redirect: "manual", ...(deps.signal === undefined ? {} : { signal: deps.signal }) });
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new UserFacingError("its download link redirects too many times");
      url = new URL(location, url).toString();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new UserFacingError(`the CDN answered ${response.status} (the link may have expired)`);
    }
    return await readCapped(response, maxBytes);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const tooBig = () => new UserFacingError(`the file is larger than ${megabytes(maxBytes)}, the most the bot reads`);
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooBig();
  }
  if (response.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
