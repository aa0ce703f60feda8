/**
 * The fake's service tiers: which tier a request asked for, and Bedrock's refusal when the model does not serve it.
 * Wording from recorded calls quoted in NousResearch/hermes-agent PR 34476 ("service tier provided is invalid" for an
 * unknown name, "Reservation not found." for reserved without a reservation); the refusal for a valid tier the model
 * lacks is a ValidationException too (AWS "Service tiers for optimizing performance and cost"), in our words.
 */
import type { ConverseRequestBody } from "./converse-wire.ts";
import { validationError, type AwsError } from "./errors.ts";
import { fakeServiceTiers } from "./model-features.ts";

const TIER_NAMES = ["default", "priority", "flex", "reserved"];

/** `{ tier }` to serve the call on (undefined: none asked for, nothing echoed), or the refusal. */
export function chooseServiceTier(modelId: string, body: ConverseRequestBody): { tier?: string } | { error: AwsError } {
  const asked = body.serviceTier?.type;
  if (asked === undefined) return {};
  if (!TIER_NAMES.includes(asked)) return { error: validationError("service tier provided is invalid") };
  if (asked === "reserved") return { error: validationError("Reservation not found.") };
  if (!fakeServiceTiers(modelId).includes(asked)) {
    return { error: validationError(`The model ${modelId} does not support the ${asked} service tier. Use the default service tier and try again.`) };
  }
  return { tier: asked };
}
