/**
 * Does the fake Bedrock answer in the shapes real Bedrock does? The same requests go to the fake, and its wire answers
 * (JSON bodies, event-stream frames, error responses) are compared with the recorded corpus (test/fixtures/real/):
 * the fake may send nothing real Bedrock never sends, and must send what every recording of that kind has.
 * Shapes are compared as sets of `path:type` (`output.message.content[].text:string`); values are not.
 */
import http2 from "node:http2";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { beforeAll, afterAll, beforeEach, describe, expect, it } from "vitest";
import { corpusJson, eventStreamCapture, frameEvents, frameEnds, recordedStreamEvents } from "../replay/recordings.ts";
import { startFakeBedrock, type FakeBedrock, type ScriptedReply } from "./index.ts";

const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
const codec = new EventStreamCodec(toUtf8, fromUtf8);
/** Values whose inside is the caller's own data (tool input), not Bedrock's shape. */
const OPAQUE = new Set(["input", "additionalModelResponseFields"]);

let fake: FakeBedrock;
beforeAll(async () => {
  fake = await startFakeBedrock();
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

/** Every `path:type` in a JSON value; arrays contribute their elements under `[]`. */
function shapeOf(value: unknown, path = ""): Set<string> {
  const paths = new Set<string>();
  const visit = (item: unknown, at: string): void => {
    if (Array.isArray(item)) {
      paths.add(`${at}:array`);
      for (const element of item) visit(element, `${at}[]`);
    } else if (typeof item === "object" && item !== null) {
      paths.add(`${at}:object`);
      for (const [key, inner] of Object.entries(item)) {
        const next = at === "" ? key : `${at}.${key}`;
        if (OPAQUE.has(key)) paths.add(`${next}:opaque`);
        else visit(inner, next);
      }
    } else {
      paths.add(`${at}:${item === null ? "null" : typeof item}`);
    }
  };
  visit(value, path);
  return paths;
}

const union = (sets: Set<string>[]): Set<string> => new Set(sets.flatMap((set) => [...set]));
const intersection = (sets: Set<string>[]): Set<string> => new Set([...(sets[0] ?? [])].filter((path) => sets.every((set) => set.has(path))));
const minus = (a: Set<string>, b: Set<string>): string[] => [...a].filter((path) => !b.has(path)).sort();

interface RawAnswer {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: Buffer;
}

/** A signed-enough POST (the fake takes a bearer token) that keeps the answer's bytes. */
async function post(path: string, body: unknown): Promise<RawAnswer> {
  const session = http2.connect(fake.url);
  try {
    return await new Promise<RawAnswer>((resolve, reject) => {
      const request = session.request({ ":method": "POST", ":path": path, "content-type": "application/json", authorization: "Bearer replay-test" });
      let headers: http2.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      request.on("response", (received) => (headers = received));
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => resolve({ status: Number(headers[":status"]), headers, body: Buffer.concat(chunks) }));
      request.on("error", reject);
      request.end(JSON.stringify(body));
    });
  } finally {
    session.close();
  }
}

const request = { messages: [{ role: "user", content: [{ text: "How many r's are in strawberry?" }] }] };
const REPLIES: Record<string, ScriptedReply> = {
  text: { text: "There are 3." },
  reasoning: { reasoning: "s-t-r-a-w-b-e-r-r-y", text: "There are 3." },
  tool: { toolUses: [{ name: "bash", input: { command: "ls -l" } }] },
};

async function fakeConverse(reply: ScriptedReply): Promise<unknown> {
  fake.script(MODEL, reply);
  const answer = await post(`/model/${encodeURIComponent(MODEL)}/converse`, request);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body.toString("utf8"));
}

/** Decoded frames: `:message-type`, the event or exception type, and the JSON payload. */
function decodeFrames(bytes: Uint8Array): { kind: string; type: string; payload: unknown }[] {
  let start = 0;
  return frameEnds(bytes).map((end) => {
    const message = codec.decode(bytes.subarray(start, end));
    start = end;
    const header = (name: string): string => String(message.headers[name]?.value ?? "");
    return { kind: header(":message-type"), type: header(":event-type") || header(":exception-type"), payload: JSON.parse(toUtf8(message.body)) };
  });
}

/** Per event type, the shape of its payloads. */
function eventShapes(frames: { type: string; payload: unknown }[]): Map<string, Set<string>> {
  const shapes = new Map<string, Set<string>>();
  for (const frame of frames) shapes.set(frame.type, union([shapes.get(frame.type) ?? new Set(), shapeOf(frame.payload)]));
  return shapes;
}

async function fakeStream(reply: ScriptedReply): Promise<{ kind: string; type: string; payload: unknown }[]> {
  fake.script(MODEL, reply);
  const answer = await post(`/model/${encodeURIComponent(MODEL)}/converse-stream`, request);
  expect(answer.headers["content-type"]).toBe("application/vnd.amazon.eventstream");
  return decodeFrames(answer.body);
}

describe("GIVEN the recorded Converse responses and the fake's answers to the same request", () => {
  it("THEN the fake sends no field real Bedrock does not, and every field all recordings share", async () => {
    const real = ["converse/vercel-ai-text.json", "converse/vercel-ai-reasoning.json", "converse/vercel-ai-tool-call.json"].map((file) => shapeOf(corpusJson(file)));
    const faked: Set<string>[] = [];
    for (const reply of Object.values(REPLIES)) faked.push(shapeOf(await fakeConverse(reply)));

    expect(minus(union(faked), union(real))).toEqual([]);
    expect(minus(intersection(real), union(faked))).toEqual([]);
  });
});

describe("GIVEN the recorded ConverseStream events and the fake's streams for the same request", () => {
  const recordings = (): { type: string; payload: unknown }[][] => [
    ...["text", "reasoning", "tool-call", "tool-no-args"].map((name) => recordedStreamEvents(`stream/vercel-ai-${name}.events.jsonl`)),
    decodeFrames(eventStreamCapture("stream/vercel-ai-live-claude-sonnet-4-6.eventstream.b64")),
  ];

  it("THEN every frame is an event with Bedrock's headers, of an event type Bedrock sends, in payload shapes Bedrock sends", async () => {
    const real = recordings().map(eventShapes);
    const frames: { kind: string; type: string; payload: unknown }[] = [];
    for (const reply of Object.values(REPLIES)) frames.push(...(await fakeStream(reply)));
    expect(new Set(frames.map((frame) => frame.kind))).toEqual(new Set(["event"]));

    const faked = eventShapes(frames);
    for (const [type, shape] of faked) {
      const realOfType = real.flatMap((shapes) => (shapes.has(type) ? [shapes.get(type) ?? new Set<string>()] : []));
      expect(realOfType.length, `real Bedrock sends ${type}`).toBeGreaterThan(0);
      expect(minus(shape, union(realOfType)), `${type}: fields real Bedrock never sends`).toEqual([]);
      expect(minus(intersection(realOfType), shape), `${type}: fields every recording has`).toEqual([]);
    }
  });

  it("THEN the fake's JSON-event recordings frame the same way as the live capture (headers and order of a whole answer)", async () => {
    const live = decodeFrames(eventStreamCapture("stream/vercel-ai-live-claude-sonnet-4-6.eventstream.b64"));
    const framed = decodeFrames(frameEvents(recordedStreamEvents("stream/vercel-ai-text.events.jsonl")));
    const order = (frames: { type: string }[]) => [...new Set(frames.map((frame) => frame.type))];
    expect(order(framed)).toEqual(order(live));
    expect(order(await fakeStream(REPLIES.text ?? {}))).toEqual(["messageStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"]);
  });

  // Before: the fake's modelStreamErrorException carried only `message`; Bedrock's names the model's own failure too.
  it("THEN a modelStreamErrorException frame has the recorded shape (message, originalStatusCode, originalMessage)", async () => {
    const [recorded] = decodeFrames(eventStreamCapture("stream/vercel-ai-model-stream-error.eventstream.b64"));
    const frames = await fakeStream({ streamError: { afterEvents: 2, type: "modelStreamErrorException", message: "Model Stream Error" } });
    const exception = frames.at(-1);

    expect(exception).toMatchObject({ kind: "exception", type: "modelStreamErrorException" });
    expect(shapeOf(exception?.payload)).toEqual(shapeOf(recorded?.payload));
  });
});

describe("GIVEN recorded error responses and the fake's injected faults", () => {
  it.each([
    ["errors/throttling-too-many-tokens.error.json", { status: 429, type: "ThrottlingException" }],
    ["errors/marketplace-access-denied.error.json", { status: 403, type: "AccessDeniedException" }],
    ["errors/invalid-model-identifier.error.json", { status: 400, type: "ValidationException" }],
  ])("THEN %s and the fake's fault have the same status, error-type header form and body shape", async (file, fault) => {
    const recorded = corpusJson(file) as { status: number; headers: Record<string, string>; body: string };
    fake.fail(1, fault);
    const answer = await post(`/model/${encodeURIComponent(MODEL)}/converse`, request);

    expect(answer.status).toBe(recorded.status);
    expect(answer.headers["x-amzn-errortype"]).toBe(recorded.headers["x-amzn-errortype"]);
    expect(shapeOf(JSON.parse(answer.body.toString("utf8")))).toEqual(shapeOf(JSON.parse(recorded.body)));
  });
});
