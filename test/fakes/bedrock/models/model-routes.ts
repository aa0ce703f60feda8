/**
 * The model-catalogue routes of the Bedrock control plane (restJson1, as `@aws-sdk/client-bedrock` sends them):
 *
 *   GET /foundation-models/{modelIdentifier}                 GetFoundationModel    -> { modelDetails }
 *   GET /foundation-models?byProvider=&byInferenceType=...   ListFoundationModels  -> { modelSummaries }
 *   GET /inference-profiles/{inferenceProfileIdentifier}     GetInferenceProfile   -> the profile, models[].modelArn
 *   GET /foundation-model-availability/{modelId}             GetFoundationModelAvailability
 *
 * Answers depend on the region the request was signed for (SigV4 credential scope), as on AWS where each region has
 * its own catalogue. Authenticated and fault-injectable like the other routes.
 */
import { randomUUID } from "node:crypto";
import { checkAuthorization } from "../check-authorization.ts";
import { defaultErrorMessage, sendAwsError, validationError, type AwsError } from "../errors.ts";
import type { FaultQueue } from "../fault-queue.ts";
import type { FakeHttpRequest, FakeHttpResponse } from "../server.ts";
import { decodePathSegment } from "../wire-text.ts";
import { CATALOG_MODELS, findCatalogModel, findCatalogProfile, type CatalogModel } from "./model-catalog.ts";

import type { ModelOperation, ModelRequest } from "./model-request.ts";

/** What the routes share with the rest of the fake. */
export interface ModelPlane {
  readonly requests: ModelRequest[];
  readonly faults: FaultQueue;
  accountId: string;
  defaultRegion: string;
  /** Model ids whose access is not granted in this account (availability says NOT_AUTHORIZED). */
  readonly notAuthorized: Set<string>;
  log?: (line: string) => void;
}

const CREDENTIAL_REGION = /Credential=[^/]+\/\d{8}\/([^/]+)\//;
const ROUTES: readonly [RegExp, ModelOperation][] = [
  [/^\/foundation-models\/([^/]+)$/, "GetFoundationModel"],
  [/^\/foundation-models$/, "ListFoundationModels"],
  [/^\/inference-profiles\/([^/]+)$/, "GetInferenceProfile"],
  [/^\/foundation-model-availability\/([^/]+)$/, "GetFoundationModelAvailability"],
];

export function handleModelRequest(plane: ModelPlane, request: FakeHttpRequest, response: FakeHttpResponse): boolean {
  if (request.method !== "GET") return false;
  const [path = "", rawQuery = ""] = request.path.split("?", 2);
  const route = ROUTES.map(([pattern, operation]) => ({ match: pattern.exec(path), operation })).find(({ match }) => match !== null);
  if (route?.match == null) return false;
  const identifier = route.match[1] === undefined ? undefined : decodePathSegment(route.match[1]);
  const region = CREDENTIAL_REGION.exec(request.headers.authorization ?? "")?.[1] ?? plane.defaultRegion;
  plane.requests.push({ operation: route.operation, ...(identifier === undefined ? {} : { identifier }), region });
  const requestId = randomUUID();
  const log = (status: number): void => plane.log?.(`${route.operation} ${identifier ?? ""} -> ${status}`);
  const refuse = (error: AwsError): true => {
    sendAwsError(response, error, requestId);
    log(error.status);
    return true;
  };
  const authError = checkAuthorization(request.headers);
  if (authError) return refuse(authError);
  const fault = plane.faults.take(route.operation, identifier);
  if (fault) return refuse({ status: fault.status, type: fault.type, message: fault.message ?? defaultErrorMessage(fault.type) });
  const outcome = answer(plane, route.operation, identifier ?? "", region, new URLSearchParams(rawQuery));
  if ("error" in outcome) return refuse(outcome.error);
  response.send(200, { "content-type": "application/json", "x-amzn-requestid": requestId }, JSON.stringify(outcome.payload));
  log(200);
  return true;
}

function answer(plane: ModelPlane, operation: ModelOperation, identifier: string, region: string, query: URLSearchParams): { payload: unknown } | { error: AwsError } {
  switch (operation) {
    case "GetFoundationModel": {
      const model = modelIn(identifier, region);
      return model === undefined ? { error: notFound(`Could not resolve the foundation model from the model identifier: ${identifier}.`) } : { payload: { modelDetails: details(model, region) } };
    }
    case "ListFoundationModels": {
      const byProvider = query.get("byProvider")?.toLowerCase();
      const byInferenceType = query.get("byInferenceType");
      const summaries = CATALOG_MODELS.filter(
        (model) =>
          model.regions[region] !== undefined &&
          (byProvider === undefined || model.providerName.toLowerCase() === byProvider) &&
          (byInferenceType === null || model.regions[region]?.includes(byInferenceType as never) === true),
      ).map((model) => details(model, region));
      return { payload: { modelSummaries: summaries } };
    }
    case "GetInferenceProfile": {
      const found = findCatalogProfile(identifier);
      if (found === undefined || !found.profile.regions.includes(region)) {
        return { error: notFound(`The inference profile ${identifier} was not found in ${region}.`) };
      }
      const { profile, model } = found;
      return {
        payload: {
          inferenceProfileName: `${profile.geography.toUpperCase()} ${model.modelName}`,
          inferenceProfileArn: `arn:aws:bedrock:${region}:${plane.accountId}:inference-profile/${identifier}`,
          inferenceProfileId: identifier,
          description: `Routes requests to ${model.modelName} in ${profile.regions.join(", ")}.`,
          createdAt: "2024-11-01T00:00:00Z",
          updatedAt: "2024-11-01T00:00:00Z",
          models: profile.regions.map((routed) => ({ modelArn: foundationArn(routed, model.modelId) })),
          status: "ACTIVE",
          type: "SYSTEM_DEFINED",
        },
      };
    }
    case "GetFoundationModelAvailability": {
      const model = findCatalogModel(identifier);
      if (model === undefined) return { error: validationError(`The provided model identifier is invalid: ${identifier}.`) };
      const granted = !plane.notAuthorized.has(identifier);
      return {
        payload: {
          modelId: identifier,
          agreementAvailability: { status: granted ? "AVAILABLE" : "NOT_AVAILABLE" },
          authorizationStatus: granted ? "AUTHORIZED" : "NOT_AUTHORIZED",
          entitlementAvailability: granted ? "AVAILABLE" : "NOT_AVAILABLE",
          regionAvailability: model.regions[region] === undefined ? "NOT_AVAILABLE" : "AVAILABLE",
        },
      };
    }
    default: {
      const unknown: never = operation;
      throw new Error(`unrouted operation ${String(unknown)}`);
    }
  }
}

/** By id or foundation-model ARN, among the models offered in `region`. */
function modelIn(identifier: string, region: string): CatalogModel | undefined {
  const modelId = identifier.startsWith("arn:") ? identifier.slice(identifier.lastIndexOf("/") + 1) : identifier;
  const model = findCatalogModel(modelId);
  return model?.regions[region] === undefined ? undefined : model;
}

function details(model: CatalogModel, region: string): Record<string, unknown> {
  return {
    modelArn: foundationArn(region, model.modelId),
    modelId: model.modelId,
    modelName: model.modelName,
    providerName: model.providerName,
    inputModalities: model.inputModalities,
    outputModalities: model.outputModalities,
    responseStreamingSupported: model.streaming,
    customizationsSupported: [],
    inferenceTypesSupported: model.regions[region] ?? [],
    modelLifecycle: { status: "ACTIVE" },
  };
}

function foundationArn(region: string, modelId: string): string {
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

function notFound(message: string): AwsError {
  return { status: 404, type: "ResourceNotFoundException", message };
}
