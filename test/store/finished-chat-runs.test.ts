/** Finished chat runs on the sqlite store: kept when a button could need them, for a week, and nothing else. */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FINISHED_RUN_TTL_MS } from "../../src/store/finished-chat-runs.ts";
import { openBotStore, type BotStore } from "../../src/store/open-bot-store.ts";

let store: BotStore | undefined;
async function openStore(): Promise<BotStore> {
  store = openBotStore(`sqlite://${join(await mkdtemp(join(tmpdir(), "finished-runs-")), "bot.sqlite")}`);
  return store;
}
afterEach(async () => {
  vi.useRealTimers();
  await store?.close();
});

describe("KeyvFinishedChatRunRepository", () => {
  it("GIVEN a /chat run and a reasoning run WHEN kept THEN both read back; GIVEN a message answer without reasoning THEN nothing is kept", async () => {
    const { finishedRuns } = await openStore();
    const command = { prompt: "pick a colour", ephemeral: false, askedBy: "Alice" };
    await finishedRuns.keep({ runId: "r1", requesterId: "u1", reasoning: "", command });
    await finishedRuns.keep({ runId: "r2", requesterId: "u2", reasoning: "Because." });
    await finishedRuns.keep({ runId: "r3", requesterId: "u3", reasoning: "  " });

    expect(await finishedRuns.get("r1")).toEqual({ runId: "r1", requesterId: "u1", reasoning: "", command });
    expect(await finishedRuns.get("r2")).toEqual({ runId: "r2", requesterId: "u2", reasoning: "Because." });
    expect(await finishedRuns.get("r3")).toBeUndefined();
  });

  it("GIVEN a kept run WHEN a week has passed THEN it is gone", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { finishedRuns } = await openStore();
    await finishedRuns.keep({ runId: "r1", requesterId: "u1", reasoning: "Because." });
    vi.setSystemTime(Date.now() + FINISHED_RUN_TTL_MS - 1000);
    expect(await finishedRuns.get("r1")).toBeDefined();

    vi.setSystemTime(Date.now() + 2000);
    expect(await finishedRuns.get("r1")).toBeUndefined();
  });
});
