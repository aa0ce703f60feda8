/**
 * Everything `bedrock-bot start` needs, checked before connecting anywhere, reported all at once, each with where to
 * fix it. Pure: the caller gathers env, config and credential facts (I/O) and prints the result.
 */
import type { LoadedConfig } from "../config/index.ts";
import type { CredentialSource } from "./find-aws-credential-source.ts";

interface Prerequisite {
  problem: string;
  /** Where to fix it: a README section or a config key. */
  fix: string;
}

export interface PrerequisiteReport {
  /** Fatal: the bot does not start. */
  problems: Prerequisite[];
  /** Worth knowing, not fatal (a feature disabled, credentials left to the instance role). */
  notes: string[];
}

export interface PrerequisiteFacts {
  env: Record<string, string | undefined>;
  /** The loaded config, or the issues that stopped it loading. */
  config: LoadedConfig | { path: string; issues: string[] };
  credentials: { provider: string; source: CredentialSource }[];
}

const SUPPORTED_STORAGE = /^(sqlite|redis|rediss):\/\/.+/;

export function checkPrerequisites({ env, config, credentials }: PrerequisiteFacts): PrerequisiteReport {
  const problems: Prerequisite[] = [];
  const notes: string[] = [];
  if (!env.DISCORD_TOKEN) {
    problems.push({ problem: "DISCORD_TOKEN is not set", fix: 'put it in .env or the environment — see README "Discord setup"' });
  }
  if ("issues" in config) {
    for (const issue of config.issues) problems.push({ problem: issue, fix: `edit ${config.path} — see README "Configuration"` });
    return { problems, notes };
  }
  const chatModels = config.models.filter((model) => model.kind === "chat");
  if (chatModels.length === 0) {
    problems.push({
      problem: "no usable chat model: every [[models]] entry is missing, an embedding model, or points at a non-bedrock provider",
      fix: `add a [[models]] entry with a client_type = "bedrock" provider in ${config.path}`,
    });
  }
  for (const { provider, source } of credentials) {
    switch (source.kind) {
      case "incomplete":
        problems.push({ problem: `provider "${provider}": ${source.problem}`, fix: 'see README "AWS setup"' });
        break;
      case "profile":
        if (!source.found) {
          problems.push({ problem: `provider "${provider}": AWS profile "${source.profile}" is not in ~/.aws/config or ~/.aws/credentials`, fix: 'run `aws configure --profile ...` — see README "AWS setup"' });
        }
        break;
      case "role_or_none":
        notes.push(`provider "${provider}": no AWS keys, profile or credential variables found; relying on an instance/container role (the first call will say if there is none — see README "AWS setup")`);
        break;
      case "bedrock_api_key":
      case "static_keys":
      case "environment":
        break;
      default: {
        const unreachable: never = source;
        throw new Error(`unhandled credential source ${JSON.stringify(unreachable)}`);
      }
    }
  }
  const batch = config.data.batch;
  if (!batch.bucket && !batch.role_arn) {
    notes.push("/batch is disabled: set [batch] bucket and role_arn to enable it");
  } else if (!batch.bucket || !batch.role_arn) {
    problems.push({ problem: `[batch] needs both bucket and role_arn (${batch.bucket ? "role_arn" : "bucket"} is missing)`, fix: `edit ${config.path} — see README "AWS setup"` });
  }
  if (!SUPPORTED_STORAGE.test(config.data.storage.url)) {
    problems.push({ problem: `[storage] url = "${config.data.storage.url}" is not sqlite://path or redis://host:port`, fix: `edit ${config.path}` });
  }
  return { problems, notes };
}

/** The report as lines for a terminal. */
export function formatPrerequisiteReport(report: PrerequisiteReport): string {
  const lines = report.problems.map(({ problem, fix }) => `  ✗ ${problem} — ${fix}`);
  lines.push(...report.notes.map((note) => `  • ${note}`));
  return lines.join("\n");
}
