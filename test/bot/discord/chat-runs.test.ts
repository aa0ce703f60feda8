import { describe, expect, it } from "vitest";
import { ChatAbort, ChatRuns } from "../../../src/bot/discord/chat-runs.ts";
import { openChatRunRegistry } from "../../../src/store/chat-run-registry.ts";

const run = { runId: "run-1", requesterId: "alice", channelId: "c1" };

describe("ChatRuns with a run registry", () => {
  it("GIVEN two plugins' run lists on one store WHEN the second asks to stop the first's run THEN the first aborts it as a local Stop does; finished, it is found nowhere", async () => {
    const store = { url: "sqlite://unused-by-the-in-memory-registry.sqlite", prefix: `chat-runs-${Date.now()}:` };
    const [registryA, registryB] = [openChatRunRegistry(store), openChatRunRegistry(store)];
    const [a, b] = [new ChatRuns({ registry: registryA }), new ChatRuns({ registry: registryB })];
    try {
      const begun = a.begin(run);
      await begun?.registered;

      const running = await b.elsewhere("run-1");
      expect(running).toEqual({ owner: registryA.owner, requesterId: "alice" });
      expect(await a.elsewhere("run-1")).toBeUndefined(); // active here: not elsewhere
      expect(await b.requestStop("run-1", running!, "alice")).toBe(true);
      expect(begun?.run.controller.signal.reason).toEqual(new ChatAbort("user"));

      begun?.finish();
      await begun?.run.done;
      await expect.poll(() => b.elsewhere("run-1")).toBeUndefined();
    } finally {
      await Promise.all([registryA.close(), registryB.close()]);
    }
  });

  it("GIVEN an unreachable registry WHEN a run begins THEN it is registered nowhere but runs, the failure reported; a lookup fails for the caller to answer", async () => {
    const errors: string[] = [];
    const registry = openChatRunRegistry({ url: "redis://127.0.0.1:1", prefix: "unreachable:" }, { readyTimeoutMs: 200 });
    const runs = new ChatRuns({ registry, onError: (_error, what) => errors.push(what) });
    try {
      const begun = runs.begin(run);
      await begun?.registered;

      expect(errors).toEqual(["recording a running answer in the registry"]);
      expect(begun?.run.controller.signal.aborted).toBe(false);
      expect(runs.active("run-1")).toBe(begun?.run);
      await expect(runs.elsewhere("run-2")).rejects.toThrow(/not ready/);
      begun?.finish();
    } finally {
      await registry.close();
    }
  });
});
