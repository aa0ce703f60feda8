/**
 * A `[[sinks]]` entry -> a `VectorSink`, and the embedding model its vectors come from. The S3 Vectors client uses a
 * Bedrock provider's IAM credentials and retry settings (the same account the batch jobs run in, unless `provider`
 * names another). Each kind's client loads only when a sink of that kind is opened: LanceDB's native module alone is
 * most of a second, and `batch results` without `--sink` needs none of them.
 */
import type { LoadedConfig } from "../../config/index.ts";
import type { ModelConfig, ProviderConfig, SinkConfig } from "../../config/schema.ts";
import { iamAuth } from "../clients/create-bedrock-clients.ts";
import { UserFacingError } from "../errors/user-facing-error.ts";
import { importOptional } from "../import-optional.ts";
import type { VectorSink } from "./vector-sink.ts";

type SinkContext = Pick<LoadedConfig, "data" | "providers" | "models">;

/** The `[[sinks]]` entry called `name`, or a refusal listing the ones there are. */
export function findSink(config: Pick<LoadedConfig, "data">, name: string): SinkConfig {
  const sink = config.data.sinks.find((candidate) => candidate.name === name);
  if (sink !== undefined) return sink;
  const names = config.data.sinks.map((candidate) => candidate.name);
  throw new UserFacingError(names.length === 0 ? `No sink "${name}": the config has no [[sinks]].` : `No sink "${name}"; the config has: ${names.join(", ")}.`);
}

/** The embedding model whose vectors the sink holds: its `model`, else the first embedding model. */
export function sinkModel(config: Pick<LoadedConfig, "models">, sink: SinkConfig): ModelConfig {
  const model = sink.model === undefined ? config.models.find((candidate) => candidate.kind === "embedding") : config.models.find((candidate) => candidate.name === sink.model);
  if (model === undefined) {
    throw new UserFacingError(sink.model === undefined ? `Sink "${sink.name}" needs an embedding model: add one to [[models]] or set model.` : `Sink "${sink.name}" names model "${sink.model}", which is not a usable model.`);
  }
  if (model.kind !== "embedding") throw new UserFacingError(`Sink "${sink.name}" names model "${model.name}", which is not an embedding model.`);
  return model;
}

function sinkProvider(config: Pick<LoadedConfig, "providers">, name: string | undefined): ProviderConfig {
  const provider = name === undefined ? config.providers[0] : config.providers.find((candidate) => candidate.name === name);
  if (provider === undefined) throw new UserFacingError(name === undefined ? "An s3vectors sink needs a Bedrock [[api_providers]] entry for its credentials." : `No Bedrock provider "${name}" for the s3vectors sink.`);
  return provider;
}

export async function openVectorSink(config: SinkContext, sink: SinkConfig): Promise<VectorSink> {
  switch (sink.type) {
    case "lancedb":
      // LanceDB is an optional peer dependency (a native binary of some 150 MB): installed only by those who use it.
      return (await importOptional(() => import("./lancedb-sink.ts"), "@lancedb/lancedb", `The lancedb sink "${sink.name}"`)).createLanceDbSink({ path: sink.path, table: sink.table });
    case "pgvector":
      return (await import("./pgvector-sink.ts")).createPgVectorSink({ url: sink.url, table: sink.table });
    case "s3vectors": {
      const provider = sinkProvider(config, sink.provider);
      return (await import("./s3vectors-sink.ts")).createS3VectorsSink({
        vectorBucket: sink.vector_bucket,
        index: sink.index,
        client: {
          region: sink.region ?? provider.extra_params.region,
          ...iamAuth(provider),
          maxAttempts: provider.max_retry + 1,
          ...(sink.endpoint === undefined ? {} : { endpoint: sink.endpoint }),
        },
      });
    }
    default: {
      const unexpected: never = sink;
      throw new Error(`unknown sink type ${JSON.stringify(unexpected)}`);
    }
  }
}
