/**
 * One screen about a loaded config, for `bedrock-bot config check`: providers (region, auth kind — never a secret),
 * models (id, price, streaming), unavailable models and why, warnings.
 */
import { formatUsd } from "../format/format-usd.ts";
import { describeProviderAuth } from "./describe-provider-auth.ts";
import { defaultChatModel } from "./find-model.ts";
import type { LoadedConfig } from "./parse-config.ts";
import type { ModelConfig } from "./schema.ts";

const INDENT = "  ";

export function summarizeConfig(config: LoadedConfig): string {
  // No "config: <path>" line: the CLI already logs which file it chose, and why.
  const lines = [heading("providers", config.providers.length)];
  lines.push(
    ...alignColumns(
      config.providers.map((provider) => [
        provider.name,
        provider.extra_params.region,
        describeProviderAuth(provider),
        `timeout ${provider.timeout}s, ${provider.max_retry} ${provider.max_retry === 1 ? "retry" : "retries"}`,
      ]),
    ),
  );
  const defaultModel = defaultChatModel(config);
  lines.push(heading("models", config.models.length, defaultModel && `default chat model: ${defaultModel.name}`));
  lines.push(
    ...alignColumns(
      config.models.map((model) => [
        model.name,
        model.model_identifier,
        `${formatUsd(model.price_in)} in`,
        `${formatUsd(model.price_out)} out per 1M tokens`,
        describeMode(model),
        `via ${model.api_provider}`,
      ]),
    ),
  );
  lines.push(heading("unavailable", config.unavailable.length));
  lines.push(...config.unavailable.map(({ name, reason }) => `${INDENT}${name}: ${reason}`));
  lines.push(heading("warnings", config.warnings.length));
  lines.push(...config.warnings.map((warning) => `${INDENT}${warning}`));
  return lines.join("\n");
}

function heading(title: string, count: number, note?: string): string {
  if (count === 0) return `${title}: none`;
  return note === undefined ? `${title} (${count}):` : `${title} (${count}; ${note}):`;
}

function describeMode(model: ModelConfig): string {
  if (model.kind === "embedding") return "embedding";
  if (model.force_stream_mode) return "stream (forced)";
  return model.stream ? "stream" : "no stream";
}

/** Rows as indented lines with columns padded to the widest cell (the last column unpadded). */
function alignColumns(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map((row) => INDENT + row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join("  "));
}
