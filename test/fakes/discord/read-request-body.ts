import type { IncomingMessage } from "node:http";
import type { UploadedFile } from "./message-ops.ts";

/** A request body: JSON (`application/json`, or `payload_json` of a multipart body) and uploaded files. */
export interface RequestBody {
  json: unknown;
  files: UploadedFile[];
  /** Set when the body could not be parsed; the server answers 400 and records a violation. */
  error: string | null;
}

/** The whole request body. */
export async function readRawBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses JSON bodies and multipart bodies (`files[n]` + `payload_json`) with the fetch API's own parser. */
export async function parseRequestBody(contentType: string | undefined, raw: Buffer): Promise<RequestBody> {
  if (raw.length === 0) return { json: undefined, files: [], error: null };
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("application/json")) {
    try {
      return { json: JSON.parse(raw.toString("utf8")), files: [], error: null };
    } catch {
      return { json: undefined, files: [], error: "The request body contains invalid JSON." };
    }
  }
  if (type.startsWith("multipart/form-data")) return parseMultipart(type, raw);
  return { json: undefined, files: [], error: `Unsupported content type ${JSON.stringify(contentType ?? "")}` };
}

async function parseMultipart(contentType: string, raw: Buffer): Promise<RequestBody> {
  let form: FormData;
  try {
    form = await new Request("http://fake.invalid/", { method: "POST", headers: { "content-type": contentType }, body: raw }).formData();
  } catch (error) {
    return { json: undefined, files: [], error: `Malformed multipart body: ${(error as Error).message}` };
  }
  const files: UploadedFile[] = [];
  let json: unknown = undefined;
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field !== "payload_json") continue;
      try {
        json = JSON.parse(value);
      } catch {
        return { json: undefined, files: [], error: "payload_json contains invalid JSON." };
      }
      continue;
    }
    const index = /^files\[(\d+)\]$/.exec(field)?.[1];
    if (index === undefined) return { json: undefined, files: [], error: `Unexpected form field ${field}` };
    files.push({ field, index: Number(index), filename: value.name, contentType: value.type, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { json, files, error: null };
}
