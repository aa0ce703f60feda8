/**
 * Whether a model reads image blocks inside a `toolResult`. Converse accepts them for Anthropic Claude (3 and later)
 * and the Amazon Nova models that see images (Lite, Pro, Premier); other models get a line saying an image was left
 * out instead of a request the model would reject. Pure.
 */
import type { ModelConfig } from "../../config/schema.ts";
import { baseModelId } from "../batch/records/batch-capability.ts";

const READS_TOOL_RESULT_IMAGES = [/^anthropic\.claude-(3|sonnet-4|opus-4|haiku-4)/, /^amazon\.nova-(lite|pro|premier)-/];

export function readsToolResultImages(model: Pick<ModelConfig, "model_identifier">): boolean {
  const id = baseModelId(model.model_identifier);
  return READS_TOOL_RESULT_IMAGES.some((pattern) => pattern.test(id));
}
