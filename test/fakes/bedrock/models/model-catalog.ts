/**
 * The foundation models and system-defined inference profiles the fake control plane knows, hand-written after the
 * Bedrock model catalogue (the user guide's "Supported foundation models" and "Supported Regions and models for
 * inference profiles" tables): newer models run on demand only through a profile (`inferenceTypesSupported:
 * ["INFERENCE_PROFILE"]`), and each geography's profile routes to a fixed set of regions.
 */

type InferenceType = "ON_DEMAND" | "INFERENCE_PROFILE" | "PROVISIONED";

export interface CatalogModel {
  modelId: string;
  modelName: string;
  providerName: string;
  inputModalities: string[];
  outputModalities: string[];
  streaming: boolean;
  /** Region -> how it may be called there; absent regions do not offer the model. */
  regions: Record<string, InferenceType[]>;
}

export interface CatalogProfile {
  /** Geography prefix: `us`, `eu`. */
  geography: string;
  /** Regions the profile may send a request to; it is offered in each of them. */
  regions: string[];
}

const US = ["us-east-1", "us-east-2", "us-west-2"];
const EU = ["eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3"];

const everywhere = (regions: string[], types: InferenceType[]): Record<string, InferenceType[]> => Object.fromEntries(regions.map((region) => [region, types]));

const text = { inputModalities: ["TEXT"], outputModalities: ["TEXT"], streaming: true };
const vision = { inputModalities: ["TEXT", "IMAGE"], outputModalities: ["TEXT"], streaming: true };

export const CATALOG_MODELS: readonly CatalogModel[] = [
  { modelId: "amazon.nova-micro-v1:0", modelName: "Nova Micro", providerName: "Amazon", ...text, regions: { "us-east-1": ["ON_DEMAND", "INFERENCE_PROFILE"], ...everywhere(["us-east-2", "us-west-2", ...EU], ["INFERENCE_PROFILE"]) } },
  { modelId: "amazon.nova-lite-v1:0", modelName: "Nova Lite", providerName: "Amazon", ...vision, regions: { "us-east-1": ["ON_DEMAND", "INFERENCE_PROFILE"], ...everywhere(["us-east-2", "us-west-2", ...EU], ["INFERENCE_PROFILE"]) } },
  { modelId: "amazon.nova-pro-v1:0", modelName: "Nova Pro", providerName: "Amazon", ...vision, regions: { "us-east-1": ["ON_DEMAND", "INFERENCE_PROFILE"], ...everywhere(["us-east-2", "us-west-2", ...EU], ["INFERENCE_PROFILE"]) } },
  { modelId: "anthropic.claude-3-5-haiku-20241022-v1:0", modelName: "Claude 3.5 Haiku", providerName: "Anthropic", ...text, regions: { "us-west-2": ["ON_DEMAND", "INFERENCE_PROFILE"], ...everywhere(["us-east-1", "us-east-2"], ["INFERENCE_PROFILE"]) } },
  { modelId: "anthropic.claude-sonnet-4-20250514-v1:0", modelName: "Claude Sonnet 4", providerName: "Anthropic", ...vision, regions: everywhere([...US, ...EU], ["INFERENCE_PROFILE"]) },
  { modelId: "meta.llama3-3-70b-instruct-v1:0", modelName: "Llama 3.3 70B Instruct", providerName: "Meta", ...text, regions: everywhere(US, ["INFERENCE_PROFILE"]) },
  { modelId: "amazon.titan-embed-text-v2:0", modelName: "Titan Text Embeddings V2", providerName: "Amazon", inputModalities: ["TEXT"], outputModalities: ["EMBEDDING"], streaming: false, regions: everywhere(["us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-west-1"], ["ON_DEMAND"]) },
];

/** Which geographies have a profile for a model: every model that runs through profiles, in each geography it is in. */
const CATALOG_PROFILES: readonly CatalogProfile[] = [
  { geography: "us", regions: US },
  { geography: "eu", regions: EU },
];

export function findCatalogModel(modelId: string): CatalogModel | undefined {
  return CATALOG_MODELS.find((model) => model.modelId === modelId);
}

/** The profile `<geo>.<modelId>` when the model is offered through profiles in every region of that geography. */
export function findCatalogProfile(profileId: string): { profile: CatalogProfile; model: CatalogModel } | undefined {
  const dot = profileId.indexOf(".");
  const profile = CATALOG_PROFILES.find((candidate) => candidate.geography === profileId.slice(0, dot));
  const model = findCatalogModel(profileId.slice(dot + 1));
  if (profile === undefined || model === undefined) return undefined;
  const routed = profile.regions.every((region) => model.regions[region]?.includes("INFERENCE_PROFILE") === true);
  return routed ? { profile, model } : undefined;
}
