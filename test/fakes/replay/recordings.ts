/**
 * The real-traffic corpus (`test/fixtures/real/`, see its README) as HTTP responses to replay: status, headers and
 * body bytes. Recorded bodies are served exactly as recorded; only where a source kept ConverseStream events as JSON
 * (one per line, the way the SDK yields them) are they framed here as `application/vnd.amazon.eventstream` messages,
 * the way Bedrock sends them. Raw event-stream captures (`*.eventstream.b64`) are served byte for byte.
 */
import { readFileSync } from "node:fs";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";

/** One HTTP response to play back. */
export interface Recording {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

const CORPUS = new URL("../../fixtures/real/", import.meta.url);

export function corpusText(path: string): string {
  return readFileSync(new URL(path, CORPUS), "utf8");
}

export function corpusJson(path: string): unknown {
  return JSON.parse(corpusText(path));
}

/** A recorded Converse response body (`converse/*.json`), served as recorded. */
export function converseRecording(path: string): Recording {
  return { status: 200, headers: { "content-type": "application/json" }, body: readFileSync(new URL(path, CORPUS)) };
}

/** A recorded error (`errors/*.error.json`: status, headers, body text as the service sent them). */
export function errorRecording(path: string): Recording {
  const recorded = corpusJson(path) as { status: number; headers: Record<string, string>; body: string };
  return { status: recorded.status, headers: recorded.headers, body: fromUtf8(recorded.body) };
}

/** A raw ConverseStream capture (`stream/*.eventstream.b64`), every byte as captured. */
export function eventStreamCapture(path: string): Uint8Array {
  return Buffer.from(corpusText(path).trim(), "base64");
}

/** ConverseStream events recorded as JSON lines (`stream/*.events.jsonl`): each line's one key is the event type. */
export function recordedStreamEvents(path: string): { type: string; payload: unknown }[] {
  return corpusText(path)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      const [type, ...others] = Object.keys(event);
      if (type === undefined || others.length > 0) throw new Error(`${path}: a stream event has exactly one key, got ${line}`);
      return { type, payload: event[type] };
    });
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Frames JSON events with the headers Bedrock sends (`:event-type`, `:content-type`, `:message-type`). */
export function frameEvents(events: readonly { type: string; payload: unknown }[]): Uint8Array {
  return Buffer.concat(
    events.map((event) =>
      codec.encode({
        headers: {
          ":event-type": { type: "string", value: event.type },
          ":content-type": { type: "string", value: "application/json" },
          ":message-type": { type: "string", value: "event" },
        },
        body: fromUtf8(JSON.stringify(event.payload)),
      }),
    ),
  );
}

/** Frame boundaries of an event-stream body (each message starts with its 4-byte total length). */
export function frameEnds(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ends: number[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += view.getUint32(offset)) ends.push(offset + view.getUint32(offset));
  return ends;
}

export function streamRecording(body: Uint8Array): Recording {
  return { status: 200, headers: { "content-type": "application/vnd.amazon.eventstream" }, body };
}
