/** Shapes shared by the fake Bedrock's pieces and by the tests that drive it. */
import type { BatchOperation, FakeBatch } from "./batch/batch-types.ts";
import type { ScriptedReply } from "./scripted-reply.ts";
import type { FakeGuardrail } from "./fake-guardrails.ts";
import type { ModelOperation, ModelRequest } from "./models/model-request.ts";

export type RuntimeOperation = "Converse" | "ConverseStream" | "InvokeModel";

/** Operations a fault can target: runtime calls, or (named explicitly) control-plane batch calls. */
export type FaultOperation = RuntimeOperation | BatchOperation | ModelOperation;

/** A runtime call as it arrived: header names lower-case, body parsed from JSON (raw text when it was not JSON). */
export interface RecordedRequest {
  operation: RuntimeOperation;
  /** Decoded from the path (ARNs and profile ids arrive percent-encoded). */
  modelId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON, asserted on loosely by tests
  body: any;
  headers: Record<string, string>;
  /** When the whole request had arrived: epoch ms with sub-ms precision (`performance.timeOrigin + performance.now()`). */
  receivedAt: number;
  /** ConverseStream: when the first content delta was written (same clock); benchmarks measure from it. */
  firstDeltaAt?: number;
}

/** An injected failure: the next matching calls answer with this AWS error instead of running the model. */
export interface Fault {
  status: number;
  /** AWS exception name sent as `x-amzn-errortype`, e.g. "ThrottlingException". */
  type: string;
  message?: string;
  /** Only calls for this model id (exact, decoded; for Create, the request's modelId). */
  modelId?: string;
  /** Only this operation. Absent: any runtime call (control-plane calls are only hit when named here). */
  operation?: FaultOperation;
}

/** ConverseStream pace: wait before the first content delta, and between deltas (Converse is not paced; use delayMs). */
export interface Pace {
  firstTokenMs?: number;
  deltaMs?: number;
}

export interface FakeBedrock {
  /** "http://127.0.0.1:PORT": use as the client's `endpoint`. */
  readonly url: string;
  /** Every runtime call, in order, including rejected and failed ones (each SDK retry is its own entry). */
  readonly requests: RecordedRequest[];
  /** Queue replies for a model id (exact) or "*"; consumed in order, exact id first; then echo. */
  script(modelId: string, ...replies: ScriptedReply[]): void;
  /** Fail the next `times` matching calls with this error. */
  fail(times: number, fault: Fault): void;
  /** Guardrails requests may name (`guardrailConfig`); others are refused as the service refuses them. */
  readonly guardrails: { define(guardrail: FakeGuardrail): void };
  /** Merges into the current pace; `reset()` clears it. */
  setPace(pace: Pace): void;
  /** Forget scripts, guardrails, faults, pace, recorded requests, and every batch job with its scripts and settings changes. */
  reset(): void;
  /** The batch control plane: recorded calls, jobs, and what tests script for them. */
  readonly batch: FakeBatch;
  /** The model catalogue (GetFoundationModel, GetInferenceProfile, ...): recorded calls and model access. */
  readonly models: FakeModels;
  /** The fake's current time (ms since the epoch): what submitTime and the other job times are stamped with. */
  now(): number;
  /**
   * Moves fake time forward by `ms` and lets every batch job take the steps that fall due meanwhile, in time order
   * (each active status lasts `stepMs`; jobs past jobExpirationTime expire). `advance(0)` only runs what is due.
   */
  advance(ms: number): Promise<void>;
  /** Every active batch job takes exactly one step (time moves to when the last of them is due). */
  tick(): Promise<void>;
  close(): Promise<void>;
}

/** The model-catalogue side of the control plane (`fake.models`). */
export interface FakeModels {
  readonly requests: readonly ModelRequest[];
  /** Model access not granted for this foundation model id (GetFoundationModelAvailability says NOT_AUTHORIZED). */
  denyAccess(modelId: string): void;
}
