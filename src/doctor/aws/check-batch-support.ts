/**
 * Whether each model `/batch` may use can run batch inference: a known batch-capable family (Claude 3+, Nova, Llama
 * 3.1+, Mistral Large 2 / Small, Titan embeddings), or one the config turns on by hand, which Bedrock may refuse at
 * CreateModelInvocationJob. Pure.
 */
import { batchCapability } from "../../bedrock/batch/records/batch-capability.ts";
import type { ModelConfig } from "../../config/schema.ts";
import { ok, warn, type CheckResult } from "../check-result.ts";

export function checkBatchSupport(model: ModelConfig): CheckResult {
  const capability = batchCapability(model);
  if (capability.family === undefined) {
    return warn(
      "model.batch",
      model.name,
      `[models.batch] enabled = true, but ${model.model_identifier} is not a known batch-capable model family`,
      "check the Bedrock user guide's list of models that support batch inference; jobs for other models fail at submission",
    );
  }
  return ok("model.batch", model.name, `${capability.family}: batch-capable, ${capability.minRecords}-${capability.maxRecords} records per job, ${capability.invocationType} bodies`);
}
