/**
 * Which `[[api_providers]]` entries this bot can use. MoFox-Bot files also hold providers of other client types
 * (openai, gemini, ...): those are kept as written but never called, with one warning each, and the models pointing
 * at them are listed as unavailable rather than failing the load.
 */
import { DEFAULTS } from "./schema.ts";

/** MoFox-Bot's default when `client_type` is left out. */
const MOFOX_DEFAULT_CLIENT_TYPE = "openai";

export type ProviderKind =
  | { kind: "bedrock" }
  /** `assumed`: no client_type was written, and the entry looks like MoFox-Bot's (see classifyProvider). */
  | { kind: "foreign"; clientType: string; assumed: boolean };

/**
 * `client_type` decides. Without one, our own files mean "bedrock" (the schema default), but MoFox-Bot reads a missing
 * client_type as "openai": an entry with a non-empty `base_url` (which Bedrock providers never need) is taken to be
 * such a MoFox entry, so a MoFox file is read the way MoFox-Bot reads it.
 */
export function classifyProvider(entry: unknown): ProviderKind {
  const table = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>) : {};
  const clientType = table.client_type;
  if (typeof clientType === "string") {
    return clientType === DEFAULTS.provider.client_type ? { kind: "bedrock" } : { kind: "foreign", clientType, assumed: false };
  }
  if (clientType === undefined && typeof table.base_url === "string" && table.base_url.trim() !== "") {
    return { kind: "foreign", clientType: MOFOX_DEFAULT_CLIENT_TYPE, assumed: true };
  }
  // Absent (or not a string, which validation then reports against the bedrock schema).
  return { kind: "bedrock" };
}

/** The warning for a skipped provider, after its key path and name. */
export function describeSkippedProvider(provider: Extract<ProviderKind, { kind: "foreign" }>): string {
  return provider.assumed
    ? `has no client_type but a base_url, which MoFox-Bot reads as client_type = "${provider.clientType}": skipped (add client_type = "bedrock" to use it here)`
    : `has client_type = "${provider.clientType}": skipped, only "bedrock" providers are used`;
}

/** Why a model pointing at a skipped provider is unavailable. */
export function describeUnavailableModel(providerName: string, provider: Extract<ProviderKind, { kind: "foreign" }>): string {
  const clientType = provider.assumed ? `client_type "${provider.clientType}" (MoFox-Bot's default)` : `client_type "${provider.clientType}"`;
  return `its provider "${providerName}" has ${clientType}; only "bedrock" providers are used`;
}
