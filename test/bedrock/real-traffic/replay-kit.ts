/**
 * For the real-traffic suite: the replay server with the REAL `BedrockRuntimeClient` on it, adapted as our
 * `ConverseClient`, and a drain that keeps what a turn yielded even when it throws (a cut stream yields its estimated
 * usage, then fails).
 */
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll } from "vitest";
import { createConverseClient } from "../../../src/bedrock/clients/converse-client.ts";
import type { ConverseClient } from "../../../src/bedrock/converse/converse.ts";
import { runtimeClient } from "../../fakes/bedrock/fake-bedrock-test-kit.ts";
import { startReplayServer, type ReplayServer } from "../../fakes/replay/replay-server.ts";

export interface Replay {
  server: ReplayServer;
  sdk: BedrockRuntimeClient;
  client: ConverseClient;
}

/** One replay server and client for a test file. `maxAttempts: 1`: a recorded throttle is answered once, not retried. */
export function useReplay(): Replay {
  const replay = {} as Replay;
  beforeAll(async () => {
    replay.server = await startReplayServer();
    replay.sdk = runtimeClient(replay.server.url, { maxAttempts: 1 });
    replay.client = createConverseClient(replay.sdk);
  });
  afterAll(async () => {
    replay.sdk.destroy();
    await replay.server.close();
  });
  return replay;
}

/** Every event a generator yielded, and how it ended: its return value or what it threw. */
export async function drain<E, R>(generator: AsyncGenerator<E, R>): Promise<{ events: E[]; result?: R; error?: unknown }> {
  const events: E[] = [];
  try {
    for (;;) {
      const step = await generator.next();
      if (step.done === true) return { events, result: step.value };
      events.push(step.value);
    }
  } catch (error) {
    return { events, error };
  }
}
