/**
 * One configured model, in its provider's region, without spending: the id or inference profile exists there
 * (GetFoundationModel / GetInferenceProfile), it can run on demand as written (newer models only through a
 * profile), and model access is granted (GetFoundationModelAvailability). With `--invoke`, one Converse call of one
 * output token tells what only an invocation can (and what it cost).
 */
import { GetFoundationModelAvailabilityCommand, GetFoundationModelCommand, GetInferenceProfileCommand, type BedrockClient } from "@aws-sdk/client-bedrock";
import { ConverseCommand, type BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { costOfUsage } from "../../bedrock/usage/cost-of-usage.ts";
import { toTurnUsage } from "../../bedrock/usage/turn-usage.ts";
import type { ModelConfig } from "../../config/schema.ts";
import { geographyOfRegion, parseModelReference } from "../../iam/model-arns.ts";
import type { ProfileRoutes } from "../../iam/model-grants.ts";
import { fail, ok, warn, type CheckResult } from "../check-result.ts";
import { describeAwsError, isAccessDenied, isNotFound } from "./describe-aws-error.ts";

const IAM_FIX = "let the identity read the model catalogue: attach the policy from `bedrock-bot iam policy --role bot`";

export interface ModelFacts {
  /** The foundation model behind the identifier (for the availability call and quota names). */
  foundationModelId: string;
  /** `modelName` from GetFoundationModel, e.g. "Nova Lite" (Service Quotas names use it). */
  modelName?: string;
  /** For an inference profile: its ARN and the foundation models it routes to. */
  routes?: ProfileRoutes;
}

export async function checkModelExists(model: ModelConfig, region: string, control: BedrockClient): Promise<{ result: CheckResult; facts: ModelFacts }> {
  const reference = parseModelReference(model.model_identifier);
  if (reference.kind === "inference-profile") {
    const foundationModelId = reference.profileId.replace(/^[a-z-]+\./, "");
    try {
      const profile = await control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: model.model_identifier }));
      const regions = (profile.models ?? []).map((routed) => /^arn:[^:]+:bedrock:([^:]+):/.exec(routed.modelArn ?? "")?.[1] ?? "?");
      const routes = { profileArn: profile.inferenceProfileArn ?? "", foundationModelArns: (profile.models ?? []).flatMap((routed) => (routed.modelArn === undefined ? [] : [routed.modelArn])) };
      // The profile does not carry its model's display name, which Service Quotas names use.
      const modelName = await control.send(new GetFoundationModelCommand({ modelIdentifier: foundationModelId })).then(
        (found) => found.modelDetails?.modelName,
        () => undefined,
      );
      const facts = { foundationModelId, routes, ...(modelName === undefined ? {} : { modelName }) };
      return { result: ok("model.exists", model.name, `inference profile ${model.model_identifier} in ${region}, routes to ${regions.join(", ")}`), facts };
    } catch (error) {
      return { result: lookupFailure(model, region, error, "inference profile"), facts: { foundationModelId } };
    }
  }
  const foundationModelId = reference.modelId;
  try {
    const { modelDetails } = await control.send(new GetFoundationModelCommand({ modelIdentifier: model.model_identifier }));
    // The SDK's InferenceType enum predates "INFERENCE_PROFILE", which the service sends for profile-only models.
    const types: string[] = modelDetails?.inferenceTypesSupported ?? [];
    const facts = { foundationModelId, ...(modelDetails?.modelName === undefined ? {} : { modelName: modelDetails.modelName }) };
    if (model.kind === "chat" && !types.includes("ON_DEMAND") && types.includes("INFERENCE_PROFILE")) {
      const geography = geographyOfRegion(region);
      return {
        result: fail("model.exists", model.name, `${foundationModelId} runs on demand in ${region} only through an inference profile`, `set model_identifier = "${geography}.${foundationModelId}" (the cross-region profile)`),
        facts,
      };
    }
    if (modelDetails?.modelLifecycle?.status === "LEGACY") {
      return { result: warn("model.exists", model.name, `${foundationModelId} is a legacy model in ${region}`, "plan a move to a newer model before it reaches end of life"), facts };
    }
    return { result: ok("model.exists", model.name, `${foundationModelId} in ${region} (${types.join(", ")})`), facts };
  } catch (error) {
    return { result: lookupFailure(model, region, error, "foundation model"), facts: { foundationModelId } };
  }
}

function lookupFailure(model: ModelConfig, region: string, error: unknown, kind: string): CheckResult {
  if (isAccessDenied(error)) return warn("model.exists", model.name, `cannot tell: ${describeAwsError(error)}`, IAM_FIX);
  if (isNotFound(error)) {
    const prefix = /^([a-z-]+)\./.exec(model.model_identifier)?.[1];
    const hint =
      kind === "inference profile" && prefix !== undefined && prefix !== "global" && prefix !== geographyOfRegion(region)
        ? `"${prefix}." profiles exist only in ${prefix} regions: use the profile of ${region}'s geography, or a provider in a region of that geography`
        : `check model_identifier against the Bedrock console's model catalogue for ${region}, or use a provider in a region that offers it`;
    return fail("model.exists", model.name, `${kind} ${model.model_identifier} is not offered in ${region} (${describeAwsError(error)})`, hint);
  }
  return fail("model.exists", model.name, `lookup failed: ${describeAwsError(error)}`, "check the network path to Bedrock (control_endpoint, proxy) and try again");
}

export async function checkModelAccess(model: ModelConfig, region: string, facts: ModelFacts, control: BedrockClient): Promise<CheckResult> {
  try {
    const availability = await control.send(new GetFoundationModelAvailabilityCommand({ modelId: facts.foundationModelId }));
    if (availability.authorizationStatus !== "AUTHORIZED" || availability.entitlementAvailability === "NOT_AVAILABLE") {
      return fail(
        "model.access",
        model.name,
        `model access to ${facts.foundationModelId} is not granted in ${region} (authorization ${availability.authorizationStatus ?? "?"}, entitlement ${availability.entitlementAvailability ?? "?"}, agreement ${availability.agreementAvailability?.status ?? "?"})`,
        `grant it in the Bedrock console of ${region}: Model access (Anthropic models also need the first-use form)`,
      );
    }
    return ok("model.access", model.name, `access granted to ${facts.foundationModelId} in ${region}`);
  } catch (error) {
    if (isAccessDenied(error)) return warn("model.access", model.name, `cannot tell: ${describeAwsError(error)}`, `${IAM_FIX}, or run doctor --invoke (one call per model)`);
    return warn("model.access", model.name, `cannot tell: ${describeAwsError(error)}`, "run doctor --invoke to check with one 1-token call per model");
  }
}

/** `--invoke`: one Converse call asking for a single token; says what it cost at the configured prices. */
export async function checkModelInvoke(model: ModelConfig, region: string, runtime: BedrockRuntimeClient): Promise<CheckResult> {
  if (model.kind !== "chat") return ok("model.invoke", model.name, "not invoked: embedding models serve /batch only");
  try {
    const response = await runtime.send(
      new ConverseCommand({ modelId: model.model_identifier, messages: [{ role: "user", content: [{ text: "Reply with one word." }] }], inferenceConfig: { maxTokens: 1 } }),
    );
    const usage = toTurnUsage(response.usage);
    const cost = costOfUsage(usage, model);
    return ok("model.invoke", model.name, `answered in ${region}: ${usage.inputTokens} input + ${usage.outputTokens} output tokens, cost $${cost.toFixed(6)}`);
  } catch (error) {
    if (isAccessDenied(error)) {
      return fail("model.invoke", model.name, `invocation refused: ${describeAwsError(error)}`, `grant model access in the Bedrock console of ${region} and allow bedrock:InvokeModel on it (\`bedrock-bot iam policy --role bot\`)`);
    }
    return fail("model.invoke", model.name, `invocation failed: ${describeAwsError(error)}`, "see the error: a ValidationException names what Bedrock rejected in the model id or region");
  }
}
