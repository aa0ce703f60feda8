/**
 * Which ARNs each configured model needs in IAM, where its calls go: chat (Converse, the model's own provider) and
 * batch jobs (`[batch] provider`, else the model's own). Pure: inference profiles come resolved (GetInferenceProfile,
 * or the offline table) through `routesOf`.
 */
import type { LoadedConfig } from "../config/parse-config.ts";
import type { ModelConfig, ProviderConfig } from "../config/schema.ts";
import { batchCapability } from "../bedrock/batch/records/batch-capability.ts";
import { foundationModelArn, inferenceProfileArn, parseModelReference } from "./model-arns.ts";

/** What an inference profile is and where it routes, as GetInferenceProfile tells (`models[].modelArn`). */
export interface ProfileRoutes {
  profileArn: string;
  foundationModelArns: string[];
}

/** One model's grant in one region. */
export interface ModelGrant {
  name: string;
  region: string;
  /** Every ARN InvokeModel is authorized against: the foundation model, or the profile and each routed model. */
  invokeArns: string[];
  foundationModelArns: string[];
  profileArns: string[];
  /** Whether `/batch` may use it (its jobs run in `region`). */
  batch: boolean;
}

export interface ModelGrantsInput {
  config: Pick<LoadedConfig, "models" | "providers" | "data">;
  accountId: string;
  /** The routes of a profile in a region; undefined when unknown (the grant then names the profile only). */
  routesOf: (profileId: string, region: string) => ProfileRoutes | undefined;
}

export interface ModelGrants {
  grants: ModelGrant[];
  /** Profiles whose routed regions are unknown: the policy would not let those calls through. */
  warnings: string[];
}

/** Where a model's calls go: its provider for chat; `[batch] provider` (or its own) for batch jobs. */
export function modelRegions(config: ModelGrantsInput["config"], model: ModelConfig): { chat?: ProviderConfig; batch?: ProviderConfig } {
  const byName = (name: string) => config.providers.find((provider) => provider.name === name);
  const chat = byName(model.api_provider);
  const batch = batchCapability(model).enabled ? byName(config.data.batch.provider ?? model.api_provider) : undefined;
  return { ...(chat === undefined ? {} : { chat }), ...(batch === undefined ? {} : { batch }) };
}

export function modelGrants({ config, accountId, routesOf }: ModelGrantsInput): ModelGrants {
  const grants: ModelGrant[] = [];
  const warnings: string[] = [];
  for (const model of config.models) {
    const { chat, batch } = modelRegions(config, model);
    for (const provider of uniqueProviders([chat, batch])) {
      const grant = grantFor(model, provider.extra_params.region, accountId, routesOf);
      if (grant.profileArns.length > 0 && grant.foundationModelArns.length === 0) {
        warnings.push(`${model.name}: the regions inference profile ${model.model_identifier} routes to are unknown; add its foundation-model ARNs by hand`);
      }
      grants.push({ ...grant, batch: provider === batch });
    }
  }
  return { grants, warnings };
}

function uniqueProviders(providers: (ProviderConfig | undefined)[]): ProviderConfig[] {
  return [...new Set(providers.filter((provider): provider is ProviderConfig => provider !== undefined))];
}

function grantFor(model: ModelConfig, region: string, accountId: string, routesOf: ModelGrantsInput["routesOf"]): Omit<ModelGrant, "batch"> {
  const reference = parseModelReference(model.model_identifier);
  if (reference.kind === "foundation-model") {
    const arn = foundationModelArn(reference.region ?? region, reference.modelId);
    return { name: model.name, region, invokeArns: [arn], foundationModelArns: [arn], profileArns: [] };
  }
  const profileRegion = reference.region ?? region;
  const routes = routesOf(reference.profileId, profileRegion);
  const profileArn = routes?.profileArn ?? reference.arn ?? inferenceProfileArn(profileRegion, accountId, reference.profileId);
  const foundationModelArns = routes?.foundationModelArns ?? [];
  return { name: model.name, region, invokeArns: [profileArn, ...foundationModelArns], foundationModelArns, profileArns: [profileArn] };
}
