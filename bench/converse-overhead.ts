/**
 * Issue 2 benchmark: per-turn overhead of `converse()` against the fake Bedrock with zero model latency, compared
 * with the bare SDK call (`runtime.send(new ConverseCommand(...))`) on the same client in the same process. The
 * difference is what our layer (request building, the stream reducer, events, cost) adds to a turn.
 */
import { ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { buildConverseInput, converse, createBedrockClients, createConverseClient } from "../src/bedrock/index.ts";
import { modelSchema, providerSchema } from "../src/config/schema.ts";
import { startFakeBedrock } from "../test/fakes/bedrock/index.ts";
import { isMain, numberFlag } from "./is-main.ts";
import { summarizeLatencies } from "./measure.ts";

export async function benchConverseOverhead(opts: { turns: number } = { turns: 400 }): Promise<Record<string, unknown>> {
  const fake = await startFakeBedrock();
  const provider = providerSchema.parse({
    name: "bench",
    api_key: "AKIDBENCH",
    extra_params: { aws_secret_key: "bench", region: "us-east-1", runtime_endpoint: fake.url },
  });
  const clients = createBedrockClients(provider);
  const client = createConverseClient(clients.runtime);
  const model = modelSchema.parse({ name: "m", model_identifier: "amazon.nova-lite-v1:0", api_provider: "bench", price_in: 0.06, price_out: 0.24 });
  const request = { model, messages: [{ role: "user" as const, content: [{ text: "What is the capital of France? Answer in a sentence." }] }] };
  const input = buildConverseInput(request);

  /** Runs `ours` and `baseline` alternately (order flipping each turn) so drift and background load hit both alike. */
  async function compare(ours: () => Promise<void>, baseline: () => Promise<void>) {
    for (let i = 0; i < 20; i++) await Promise.all([ours(), baseline()]); // warm-up: connections, JIT
    const oursSamples: number[] = [];
    const baselineSamples: number[] = [];
    const timed = async (run: () => Promise<void>, into: number[]) => {
      const start = performance.now();
      await run();
      into.push(performance.now() - start);
    };
    for (let i = 0; i < opts.turns; i++) {
      if (i % 2 === 0) {
        await timed(ours, oursSamples);
        await timed(baseline, baselineSamples);
      } else {
        await timed(baseline, baselineSamples);
        await timed(ours, oursSamples);
      }
    }
    const oursSummary = summarizeLatencies(oursSamples);
    const baselineSummary = summarizeLatencies(baselineSamples);
    const round = (value: number) => Math.round(value * 1000) / 1000;
    return {
      ours: oursSummary,
      sdkBaseline: baselineSummary,
      overheadP50Ms: round(oursSummary.p50Ms - baselineSummary.p50Ms),
      overheadP99Ms: round(oursSummary.p99Ms - baselineSummary.p99Ms),
      ratioP50: round(oursSummary.p50Ms / baselineSummary.p50Ms),
    };
  }
  const drain = async (stream: boolean) => {
    const turn = converse(client, { ...request, stream });
    while ((await turn.next()).done !== true);
  };
  try {
    return {
      name: "converse_overhead",
      turns: opts.turns,
      converse: await compare(() => drain(false), async () => void (await clients.runtime.send(new ConverseCommand(input)))),
      converseStream: await compare(
        () => drain(true),
        async () => {
          const response = await clients.runtime.send(new ConverseStreamCommand(input));
          for await (const _event of response.stream ?? []);
        },
      ),
    };
  } finally {
    clients.destroy();
    await fake.close();
  }
}

if (isMain(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await benchConverseOverhead({ turns: numberFlag("--turns", 400) }), null, 2)}\n`);
}
