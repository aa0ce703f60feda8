/**
 * A wire-level fake of Bedrock for tests: the real `BedrockRuntimeClient` (with `endpoint: fake.url`, any region,
 * any static credentials or a bearer token) talks to it over HTTP/2 cleartext; the real `BedrockClient` (control
 * plane) talks to its batch routes over HTTP/1.1 on the same port. Batch jobs read and write S3 through `s3.endpoint`
 * (s3rver in tests, see ../s3/start-s3rver.ts) and move on a fake clock that tests step with `advance` / `tick`.
 *
 * ```ts
 * const s3 = await startS3rver({ buckets: ["batch"] });
 * const fake = await startFakeBedrock({ s3: { endpoint: s3.endpoint } });
 * const client = new BedrockRuntimeClient({ endpoint: fake.url, region: "us-east-1", credentials: { accessKeyId: "AKID", secretAccessKey: "x" } });
 * fake.script("*", { text: "Hello" });
 * // batch: CreateModelInvocationJob through a BedrockClient, then
 * await fake.batch.settle(); // or fake.tick() / fake.advance(ms)
 * ```
 */
import { randomUUID } from "node:crypto";
import { BatchPlane, DEFAULT_BATCH_SETTINGS } from "./batch/batch-plane.ts";
import type { FakeS3Options } from "./batch/batch-plane.ts";
import type { BatchSettingsOverrides } from "./batch/batch-types.ts";
import { sendAwsError } from "./errors.ts";
import { createFakeClock } from "./fake-clock.ts";
import type { Clock } from "./fake-clock.ts";
import { FaultQueue } from "./fault-queue.ts";
import { FakePromptCache } from "./prompt-cache.ts";
import { FakeGuardrails } from "./fake-guardrails.ts";
import { handleModelRequest, type ModelPlane } from "./models/model-routes.ts";
import { handleRuntimeRequest } from "./routes.ts";
import type { RuntimeState } from "./routes.ts";
import { ScriptQueue } from "./script-queue.ts";
import { startHttpServer } from "./server.ts";
import type { FakeBedrock } from "./types.ts";

export type { Fault, FaultOperation, FakeBedrock, FakeModels, Pace, RecordedRequest, RuntimeOperation } from "./types.ts";
export type { ScriptedReply } from "./scripted-reply.ts";
export type { FakeGuardrail } from "./fake-guardrails.ts";
export type {
  BatchJobSnapshot,
  BatchOperation,
  BatchRecordRef,
  BatchRequest,
  BatchSettings,
  BatchSettingsOverrides,
  FakeBatch,
  JobStatus,
  RecordError,
  RecordMatcher,
  ScriptedOutcome,
} from "./batch/batch-types.ts";
export type { FakeS3Options } from "./batch/batch-plane.ts";
export type { Clock } from "./fake-clock.ts";
export { DEFAULT_BATCH_SETTINGS } from "./batch/batch-plane.ts";

export interface StartFakeBedrockOptions {
  /** Default: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Called with one line per answered runtime or control-plane call. */
  log?: (line: string) => void;
  /** Where batch jobs read inputs and write outputs. Without it, every job fails validation (no S3 to read). */
  s3?: FakeS3Options;
  /** Base time of the fake (default: frozen at start-up); `advance(ms)` adds to it. */
  clock?: Clock;
  /** Batch quotas and pacing, over DEFAULT_BATCH_SETTINGS (AWS's default quotas, 1-minute steps). */
  batch?: BatchSettingsOverrides;
}

export async function startFakeBedrock(opts: StartFakeBedrockOptions = {}): Promise<FakeBedrock> {
  const clock = createFakeClock(opts.clock);
  const state: RuntimeState = { requests: [], scripts: new ScriptQueue(), faults: new FaultQueue(), guardrails: new FakeGuardrails(), pace: {}, promptCache: new FakePromptCache(() => clock.now()), log: opts.log };
  const batch = new BatchPlane({
    clock,
    faults: state.faults,
    ...(opts.s3 === undefined ? {} : { s3: opts.s3 }),
    ...(opts.batch === undefined ? {} : { settings: opts.batch }),
    ...(opts.log === undefined ? {} : { log: opts.log }),
  });
  const models: ModelPlane = {
    requests: [],
    faults: state.faults,
    accountId: DEFAULT_BATCH_SETTINGS.accountId,
    defaultRegion: DEFAULT_BATCH_SETTINGS.region,
    notAuthorized: new Set(),
    ...(opts.log === undefined ? {} : { log: opts.log }),
  };
  const server = await startHttpServer(
    async (request, response) => {
      if (await handleRuntimeRequest(state, request, response)) return;
      if (batch.handle(request, response)) return;
      if (handleModelRequest(models, request, response)) return;
      sendAwsError(
        response,
        { status: 404, type: "UnknownOperationException", message: `No operation at ${request.method} ${request.path}` },
        randomUUID(),
      );
    },
    { port: opts.port, host: opts.host },
  );
  return {
    url: server.url,
    requests: state.requests,
    script: (modelId, ...replies) => state.scripts.add(modelId, replies),
    fail: (times, fault) => state.faults.add(times, fault),
    setPace: (pace) => {
      state.pace = { ...state.pace, ...pace };
    },
    guardrails: { define: (guardrail) => state.guardrails.define(guardrail) },
    reset: () => {
      state.scripts.clear();
      state.guardrails.clear();
      state.faults.clear();
      state.pace = {};
      state.requests.length = 0;
      state.promptCache.clear();
      batch.reset();
      models.requests.length = 0;
      models.notAuthorized.clear();
    },
    batch: batch.control,
    models: {
      requests: models.requests,
      denyAccess: (modelId) => models.notAuthorized.add(modelId),
    },
    now: () => clock.now(),
    advance: (ms) => batch.advance(ms),
    tick: () => batch.tick(),
    close: async () => {
      await server.close();
      await batch.close();
    },
  };
}
