/**
 * What `bedrock-bot search` runs: the sink's model embeds the text (InvokeModel, the sink's dimension), the sink
 * answers its nearest records, and each is printed with its key, distance and metadata.
 */
import { createBedrockClients } from "../bedrock/clients/create-bedrock-clients.ts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import { findSink, openVectorSink, sinkModel } from "../bedrock/sinks/open-vector-sink.ts";
import { searchSink } from "../bedrock/sinks/search-sink.ts";
import type { SinkMatch } from "../bedrock/sinks/vector-sink.ts";
import { findProvider } from "../config/index.ts";
import { requireCliConfig } from "./load-cli-config.ts";

export interface SearchFlags {
  top: string;
  json?: boolean;
}

/** `1. articles.csv#7  (distance 0.1234)  id=7 · title=Rain`. */
export function describeMatch(match: SinkMatch, rank: number): string {
  const metadata = Object.entries(match.metadata)
    .map(([name, value]) => `${name}=${value.length > 80 ? `${value.slice(0, 79)}…` : value}`)
    .join(" · ");
  return `${rank}. ${match.key}  (distance ${match.distance.toFixed(4)})${metadata === "" ? "" : `  ${metadata}`}`;
}

export async function runSearch(sinkName: string, text: string, flags: SearchFlags, configFlag: string | undefined): Promise<void> {
  const topK = Number(flags.top);
  if (!Number.isInteger(topK) || topK < 1 || topK > 100) throw new UserFacingError(`--top must be a whole number from 1 to 100, not "${flags.top}".`);
  const config = await requireCliConfig(configFlag);
  const sinkConfig = findSink(config, sinkName);
  const model = sinkModel(config, sinkConfig);
  const provider = findProvider(config, model.api_provider);
  if (provider === undefined) throw new UserFacingError(`Model ${model.name} has no usable provider.`);
  const sink = await openVectorSink(config, sinkConfig);
  const clients = createBedrockClients(provider);
  try {
    const matches = await searchSink({ sink, runtime: clients.runtime, model, text, topK });
    if (flags.json === true) {
      process.stdout.write(`${JSON.stringify({ sink: sink.description, model: model.name, matches })}\n`);
    } else {
      const lines = matches.length === 0 ? [`${sink.description}: nothing found`] : [`${sink.description}, nearest to "${text}":`, ...matches.map((match, index) => describeMatch(match, index + 1))];
      process.stdout.write(`${lines.join("\n")}\n`);
    }
  } finally {
    await sink.close();
    clients.destroy();
  }
}
