/**
 * Rules between entries, which a per-field schema cannot see: names are unique, every `api_provider`,
 * `default_model` and `batch.provider` names something defined. Run on the raw document (references resolved) and
 * tolerant of wrong types — those are the schema's to report — so all errors of a file come out in one pass.
 */
import { describeUnavailableModel, type ProviderKind } from "./classify-provider.ts";
import type { ConfigIssue } from "./format-config-issue.ts";
import { formatKeyPath, type KeyPath, valueAtKeyPath } from "./key-path.ts";

/** A model that is valid but cannot be called, and why. */
export interface UnavailableModel {
  name: string;
  reason: string;
}

export interface ReferenceCheck {
  errors: ConfigIssue[];
  unavailable: UnavailableModel[];
}

/** Names listed in "(defined: ...)" before it is cut short. */
const MAX_LISTED_NAMES = 8;

type Table = Readonly<Record<string, unknown>>;

export function checkConfigReferences(
  document: Table,
  providerKinds: readonly ProviderKind[],
  lineOf: (path: KeyPath) => number,
): ReferenceCheck {
  const errors: ConfigIssue[] = [];
  const unavailable: UnavailableModel[] = [];
  const providerEntries = namedEntries(document, "api_providers");
  const modelEntries = namedEntries(document, "models");
  errors.push(...duplicateNames("api_providers", providerEntries, lineOf), ...duplicateNames("models", modelEntries, lineOf));
  errors.push(...duplicateNames("tools", namedEntries(document, "tools"), lineOf));
  const guardrailEntries = namedEntries(document, "guardrails");
  errors.push(...duplicateNames("guardrails", guardrailEntries, lineOf), ...placesAssignedTwice(guardrailEntries, lineOf));

  const providers = firstByName(providerEntries);
  const providerNames = listNames(providers.keys());
  /** Model name -> why it cannot be used (undefined: usable), and its kind. */
  const models = new Map<string, { unavailable?: string; kind: unknown }>();
  for (const { index, table, name } of modelEntries) {
    const reference = table.api_provider;
    let reason: string | undefined;
    if (typeof reference === "string") {
      const provider = providers.get(reference);
      const kind = provider === undefined ? undefined : providerKinds[provider.index];
      if (!provider) {
        errors.push(notDefined(["models", index, "api_provider"], reference, "api_provider", providerNames));
      } else if (kind?.kind === "foreign") {
        reason = describeUnavailableModel(reference, kind);
        if (name !== undefined) unavailable.push({ name, reason });
      }
    }
    if (name !== undefined && !models.has(name)) models.set(name, { unavailable: reason, kind: table.kind });
  }

  const modelNames = listNames(models.keys());
  const checkModel = (path: KeyPath, requireChat: boolean): void => {
    const reference = valueAtKeyPath(document, path);
    if (typeof reference !== "string") return;
    const model = models.get(reference);
    if (!model) errors.push(notDefined(path, reference, "model", modelNames));
    else if (model.unavailable) errors.push({ path, message: `${formatKeyPath(path)} = "${reference}" cannot be used: ${model.unavailable}` });
    else if (requireChat && model.kind === "embedding") {
      errors.push({ path, message: `${formatKeyPath(path)} = "${reference}" is an embedding model; expected a chat model` });
    }
  };
  checkModel(["bot", "default_model"], true);
  checkModel(["batch", "default_model"], false);

  const batchProviderPath = ["batch", "provider"];
  const batchProvider = valueAtKeyPath(document, batchProviderPath);
  if (typeof batchProvider === "string") {
    const provider = providers.get(batchProvider);
    const kind = provider === undefined ? undefined : providerKinds[provider.index];
    if (!provider) errors.push(notDefined(batchProviderPath, batchProvider, "api_provider", providerNames));
    else if (kind?.kind === "foreign") {
      errors.push({ path: batchProviderPath, message: `batch.provider = "${batchProvider}" has client_type "${kind.clientType}"; expected a "bedrock" provider` });
    }
  }
  return { errors, unavailable };
}

interface NamedEntry {
  index: number;
  table: Table;
  name: string | undefined;
}

/** The tables of an array of tables, with their `name` when it is a string. */
function namedEntries(document: Table, section: string): NamedEntry[] {
  const entries = document[section];
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((table: unknown, index) => {
    if (typeof table !== "object" || table === null || Array.isArray(table)) return [];
    const name = (table as Table).name;
    return [{ index, table: table as Table, name: typeof name === "string" ? name : undefined }];
  });
}

function duplicateNames(section: string, entries: readonly NamedEntry[], lineOf: (path: KeyPath) => number): ConfigIssue[] {
  const first = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  for (const { index, name } of entries) {
    if (name === undefined) continue;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, index);
      continue;
    }
    const path = [section, index, "name"];
    const earlierPath = [section, earlier];
    issues.push({
      path,
      message: `${formatKeyPath(path)} = "${name}" is already used by ${formatKeyPath(earlierPath)} (line ${lineOf([...earlierPath, "name"])}); names must be unique`,
    });
  }
  return issues;
}

/** A server or channel listed under two guardrails would leave which one applies to file order: refuse it. */
function placesAssignedTwice(entries: readonly NamedEntry[], lineOf: (path: KeyPath) => number): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const list of ["servers", "channels"] as const) {
    const first = new Map<string, number>();
    for (const { index, table } of entries) {
      const ids = table[list];
      if (!Array.isArray(ids)) continue;
      for (const id of ids) {
        if (typeof id !== "string") continue;
        const earlier = first.get(id);
        if (earlier === undefined) {
          first.set(id, index);
          continue;
        }
        const path = ["guardrails", index, list];
        const earlierPath = ["guardrails", earlier, list];
        issues.push({
          path,
          message: `${formatKeyPath(path)} lists "${id}", which ${formatKeyPath(earlierPath)} (line ${lineOf(earlierPath)}) already lists; one guardrail per ${list === "servers" ? "server" : "channel"}`,
        });
      }
    }
  }
  return issues;
}

function firstByName(entries: readonly NamedEntry[]): Map<string, NamedEntry> {
  const byName = new Map<string, NamedEntry>();
  for (const entry of entries) if (entry.name !== undefined && !byName.has(entry.name)) byName.set(entry.name, entry);
  return byName;
}

function notDefined(path: KeyPath, reference: string, what: string, defined: string): ConfigIssue {
  return { path, message: `${formatKeyPath(path)} = "${reference}" is not a defined ${what} (${defined})` };
}

function listNames(names: Iterable<string>): string {
  const all = [...names];
  if (all.length === 0) return "none are defined";
  const listed = all.slice(0, MAX_LISTED_NAMES).join(", ");
  return all.length > MAX_LISTED_NAMES ? `defined: ${listed}, … ${all.length} in all` : `defined: ${listed}`;
}
