/**
 * Issue 3 benchmarks, through the real discord.js client against both fakes (test/e2e/bot-harness.ts):
 * - bot overhead per turn: a user's message dispatched on the gateway -> the Converse request arriving at the fake
 *   Bedrock, against the transport alone (the same dispatch -> discord.js emitting `messageCreate`) as the in-process
 *   baseline, so what our handler adds (triggers, guards, history, prompt, request building) is the difference;
 * - the model's first token (the fake writes the first delta) -> the first Discord request showing that text, with
 *   the default edit interval (1 s), i.e. what a user waits between Bedrock producing text and seeing it.
 */
import { Events } from "discord.js";
import { startBotHarness, TEST_MODEL } from "../test/e2e/bot-harness.ts";
import { isMain, numberFlag } from "./is-main.ts";
import { summarizeLatencies } from "./measure.ts";

const nowMs = () => performance.timeOrigin + performance.now();

export async function benchBotTurn(opts: { turns: number }): Promise<Record<string, unknown>> {
  const h = await startBotHarness({ bot: { stream_edit_interval_ms: 1000 } });
  try {
    const overhead: number[] = [];
    const transport: number[] = [];
    const firstTokenToVisible: number[] = [];
    let dispatchedAt = 0;
    h.client.on(Events.MessageCreate, (message) => {
      if (!message.author.bot) transport.push(nowMs() - dispatchedAt);
    });
    h.bedrock.setPace({ firstTokenMs: 200, deltaMs: 20 });
    for (let turn = 0; turn < opts.turns + 3; turn++) {
      const word = `marker${turn}x`;
      h.bedrock.script(TEST_MODEL.id, { text: `${word} is the answer to this turn.` });
      const requestsBefore = h.bedrock.requests.length;
      const restBefore = h.discord.requests.length;
      dispatchedAt = nowMs();
      const question = h.discord.userSays({ channelId: h.ids.general, authorId: h.ids.alice, content: `turn ${turn}`, mentionsBot: true });
      await h.discord.waitFor(() => h.bedrock.requests.length > requestsBefore, { timeoutMs: 10_000 });
      const request = h.bedrock.requests[requestsBefore]!;
      const answer = await h.discord.waitForMessage({ where: (m) => m.messageReference?.message_id === question.id });
      await h.discord.waitFor(() => answer.content.includes(" out · "), { timeoutMs: 10_000 });
      const shown = h.discord.requests.slice(restBefore).find((r) => JSON.stringify(r.body ?? "").includes(word));
      if (turn < 3) continue; // warm-up: connections, JIT, caches
      overhead.push(request.receivedAt - dispatchedAt);
      if (shown !== undefined && request.firstDeltaAt !== undefined) firstTokenToVisible.push(shown.at - request.firstDeltaAt);
    }
    const total = summarizeLatencies(overhead);
    const baseline = summarizeLatencies(transport.slice(3));
    return {
      name: "bot_turn",
      turns: opts.turns,
      gatewayToConverseRequest: total,
      transportBaseline: baseline,
      handlerOverheadP50Ms: Math.round((total.p50Ms - baseline.p50Ms) * 1000) / 1000,
      firstTokenToVisibleEdit: { ...summarizeLatencies(firstTokenToVisible), editIntervalMs: 1000, note: "Discord side timestamps have 1 ms resolution" },
      rateLimited: h.discord.stats.rateLimited,
    };
  } finally {
    await h.stop();
  }
}

if (isMain(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await benchBotTurn({ turns: numberFlag("--turns", 40) }), null, 2)}\n`);
}
