/**
 * `--sink <name> [--metadata-columns a,b]` -> the opened sink the results are loaded into, after checking that the
 * run's embedding model is the one the sink holds vectors of (two models' vectors in one index are not comparable).
 */
import type { SinkTarget } from "../bedrock/batch/results/collect-batch-results.ts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import { findSink, openVectorSink, sinkModel } from "../bedrock/sinks/open-vector-sink.ts";
import type { LoadedConfig } from "../config/index.ts";
import { splitColumnList } from "../bedrock/batch/run/batch-run-flags.ts";

export async function openSinkTarget(config: LoadedConfig, name: string, metadataColumns: string | undefined, runModel: string | undefined): Promise<SinkTarget> {
  const sink = findSink(config, name);
  const model = sinkModel(config, sink);
  if (runModel !== undefined && runModel !== model.name) {
    throw new UserFacingError(`Sink "${sink.name}" holds vectors of ${model.name}; this run embedded with ${runModel}. Use a sink for ${runModel} (set its model).`);
  }
  const columns = metadataColumns === undefined ? undefined : splitColumnList(metadataColumns, "--metadata-columns");
  return { sink: await openVectorSink(config, sink), ...(columns === undefined ? {} : { metadataColumns: columns }) };
}
