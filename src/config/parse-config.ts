/**
 * TOML text -> a validated config, or a `ConfigError` listing every problem at once, each at its `file:line:col`.
 *
 * Order matters: MoFox-only sections are set aside first (so nothing in them can fail), then `${ENV}` references are
 * resolved (so validation sees real values), providers are classified (Bedrock, or skipped), and only then come the
 * schema, unknown-key, reference and credential checks, all of which run even when another has failed.
 */
import { z } from "zod";
import { checkConfigReferences, type UnavailableModel } from "./check-config-references.ts";
import { checkProviderCredentials, usableProvider } from "./check-provider-credentials.ts";
import { classifyProvider, describeSkippedProvider, type ProviderKind } from "./classify-provider.ts";
import { ConfigError } from "./config-error.ts";
import { describeSchemaIssue } from "./describe-schema-issue.ts";
import { findUnknownKeys, type UnknownKey } from "./find-unknown-keys.ts";
import { inferModelKinds } from "./infer-model-kind.ts";
import { type ConfigIssue, formatConfigIssues } from "./format-config-issue.ts";
import { formatKeyPath, type KeyPath } from "./key-path.ts";
import { locateTomlKeys, positionOfKeyPath } from "./locate-toml-keys.ts";
import { parseTomlDocument } from "./parse-toml-document.ts";
import { type Env, resolveEnvReferences } from "./resolve-env-references.ts";
import {
  type ConfigData,
  configSchema,
  foreignProviderSchema,
  type ModelConfig,
  type ProviderConfig,
  type ProviderEntry,
  providerSchema,
} from "./schema.ts";
import { setAsideMofoxModelKeys, setAsideMofoxSections } from "./set-aside-mofox-sections.ts";

export interface LoadedConfig {
  /** The file used. */
  path: string;
  /** Validated, defaults applied; all providers and models as written (skipped ones included). */
  data: ConfigData;
  /** Usable (client_type = "bedrock") providers. */
  providers: ProviderConfig[];
  /** Usable models: those whose provider is a Bedrock one. */
  models: ModelConfig[];
  /** Models that cannot be used, and why. */
  unavailable: UnavailableModel[];
  /** Each `file:line:col message`. */
  warnings: string[];
}

/** Throws `ConfigError` with every problem of the file. */
export function parseConfig(text: string, file: string, env: Env): LoadedConfig {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text; // editors on Windows like to add a BOM
  const parsed = parseTomlDocument(source, file);
  const locations = locateTomlKeys(source);
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];

  const { document: ours, notes } = setAsideMofoxSections(parsed);
  warnings.push(...notes);
  const resolved = resolveEnvReferences(ours, env);
  const document = resolved.value as Record<string, unknown>; // a table in, a table out

  const providerEntries = Array.isArray(document.api_providers) ? (document.api_providers as unknown[]) : undefined;
  const kinds = (providerEntries ?? []).map(classifyProvider);
  if (providerEntries) document.api_providers = providerEntries.map((entry, index) => withClientType(entry, kinds[index]));
  kinds.forEach((kind, index) => {
    if (kind.kind !== "foreign") return;
    const path = ["api_providers", index];
    warnings.push({ path: [...path, "client_type"], message: `${formatKeyPath(path)}${describeName(providerEntries?.[index])} ${describeSkippedProvider(kind)}` });
  });
  const isInSkippedProvider = (path: KeyPath): boolean => path[0] === "api_providers" && typeof path[1] === "number" && kinds[path[1]]?.kind === "foreign";
  errors.push(...resolved.issues.filter((issue) => !isInSkippedProvider(issue.path)));

  const schema = documentSchema(providerEntries && kinds);
  const { unknown, notes: modelNotes } = setAsideMofoxModelKeys(findUnknownKeys(document, schema));
  warnings.push(...modelNotes, ...unknown.map(describeUnknownKey));

  const result = schema.safeParse(document);
  if (!result.success) errors.push(...result.error.issues.map((issue) => describeSchemaIssue(issue, { document, written: resolved.written })));

  const references = checkConfigReferences(document, kinds, (path) => positionOfKeyPath(locations, path).line);
  errors.push(...references.errors);
  providerEntries?.forEach((entry, index) => {
    if (kinds[index]?.kind !== "bedrock") return;
    // Credentials are only judged once their values are known: valid, and every ${ENV} in them resolved.
    if (resolved.issues.some((issue) => issue.path[0] === "api_providers" && issue.path[1] === index)) return;
    const provider = providerSchema.safeParse(entry);
    if (!provider.success) return; // already reported by the schema
    const credentials = checkProviderCredentials(provider.data, ["api_providers", index]);
    errors.push(...credentials.errors);
    warnings.push(...credentials.warnings);
  });

  let data: ConfigData | undefined;
  if (result.success) {
    const kinds = inferModelKinds(result.data.models, Array.isArray(document.models) ? document.models : []);
    data = { ...result.data, models: kinds.models };
    warnings.push(...kinds.warnings);
  }
  const formattedWarnings = formatConfigIssues(file, locations, warnings);
  if (data === undefined || errors.length > 0) throw new ConfigError(formatConfigIssues(file, locations, errors), formattedWarnings);

  const providers = data.api_providers.filter(isBedrockProvider).map(usableProvider);
  const usableNames = new Set(providers.map((provider) => provider.name));
  return {
    path: file,
    data,
    providers,
    models: data.models.filter((model) => usableNames.has(model.api_provider)),
    unavailable: references.unavailable,
    warnings: formattedWarnings,
  };
}

export function isBedrockProvider(provider: ProviderEntry): provider is ProviderConfig {
  return provider.client_type === "bedrock";
}

/**
 * The config schema with each `[[api_providers]]` entry checked against the schema of its kind. (A plain union would
 * leave zod to guess which branch a broken entry meant, and report the other branch's complaints.)
 */
function documentSchema(kinds: readonly ProviderKind[] | undefined) {
  if (!kinds) return configSchema;
  const entries = kinds.map((kind) => (kind.kind === "bedrock" ? providerSchema : foreignProviderSchema));
  // The tuple has exactly one schema per entry; its declared type only needs to say what each element may be.
  return configSchema.extend({ api_providers: z.tuple(entries as [typeof providerSchema | typeof foreignProviderSchema]) });
}

/** A provider MoFox-Bot reads as "openai" without saying so gets that client_type written in, as MoFox-Bot would. */
function withClientType(entry: unknown, kind: ProviderKind | undefined): unknown {
  const isTable = typeof entry === "object" && entry !== null && !Array.isArray(entry);
  return kind?.kind === "foreign" && kind.assumed && isTable ? { ...entry, client_type: kind.clientType } : entry;
}

function describeName(entry: unknown): string {
  const name = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>).name : undefined;
  return typeof name === "string" ? ` "${name}"` : "";
}

function describeUnknownKey({ path, suggestion }: UnknownKey): ConfigIssue {
  const hint = suggestion === undefined ? "" : ` (did you mean ${suggestion}?)`;
  return { path, message: `${formatKeyPath(path)} is not a known key and is ignored${hint}` };
}
