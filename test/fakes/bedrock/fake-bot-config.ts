/**
 * The bot config for trying the bot by hand against the standalone fakes: what `npm run fake:bedrock` prints, or
 * writes with `--write-config`. Every model and `[batch]` point at the fakes it started (runtime and control plane on
 * one URL, s3rver for the batch bucket); the fake Discord's CDN host comes from the environment (see
 * ../standalone-env.ts). Written as commented TOML rather than stringified, because a person reads and edits it.
 */
import { CDN_HOST_ENV } from "../standalone-env.ts";

export interface FakeBotConfigInput {
  /** The fake Bedrock: runtime and batch control plane. */
  bedrockUrl: string;
  /** S3 for batch inputs and outputs (s3rver: credentials S3RVER/S3RVER, path-style). */
  s3Endpoint: string;
  bucket: string;
  /**
   * The minimum records per batch job the fake enforces. The config repeats it per model, so the bot plans what the
   * fake accepts: a file with at least this many records becomes a batch job, fewer follow `small_batch_policy`.
   */
  minRecords: number;
  /** `[storage] url`. */
  storageUrl: string;
}

/** Any role ARN: the fake never assumes it, but the bot refuses to run `/batch` without one. */
export const FAKE_ROLE_ARN = "arn:aws:iam::123456789012:role/FakeBedrockBatch";

/** The models offered: ids the fake's batch plane knows, prices from config/model_config.example.toml. */
const MODELS = [
  { name: "nova-lite", id: "us.amazon.nova-lite-v1:0", priceIn: 0.06, priceOut: 0.24, kind: "chat" },
  { name: "nova-micro", id: "us.amazon.nova-micro-v1:0", priceIn: 0.035, priceOut: 0.14, kind: "chat" },
  { name: "claude-haiku-3.5", id: "us.anthropic.claude-3-5-haiku-20241022-v1:0", priceIn: 0.8, priceOut: 4, kind: "chat" },
  { name: "titan-embed-v2", id: "amazon.titan-embed-text-v2:0", priceIn: 0.02, priceOut: 0, kind: "embedding" },
] as const;

export function fakeBotConfigToml(input: FakeBotConfigInput): string {
  const models = MODELS.map(
    (model) => `[[models]]
name = "${model.name}"
model_identifier = "${model.id}"
api_provider = "fake"
price_in = ${model.priceIn}
price_out = ${model.priceOut}${model.kind === "embedding" ? '\nkind = "embedding"' : ""}
[models.batch]
min_records = ${input.minRecords}
`,
  ).join("\n");
  return `# Written by \`npm run fake:bedrock\`: every model and [batch] point at the fakes it started, which last as long
# as it runs (ports, the S3 bucket and this config's store). Restart the bot when you restart it.
# The fake Discord's CDN host is read from ${CDN_HOST_ENV}, which \`npm run fake:discord\` prints.

[[api_providers]]
name = "fake"
client_type = "bedrock"
# s3rver checks request signatures against this key pair; the fake Bedrock takes any credentials.
api_key = "S3RVER"
[api_providers.extra_params]
aws_secret_key = "S3RVER"
region = "us-east-1"
runtime_endpoint = "${input.bedrockUrl}"
control_endpoint = "${input.bedrockUrl}"
s3_endpoint = "${input.s3Endpoint}"

${models}
[bot]
default_model = "nova-lite"
cdn_hosts = ["\${${CDN_HOST_ENV}}"]

[batch]
bucket = "${input.bucket}"
role_arn = "${FAKE_ROLE_ARN}"
default_model = "nova-lite"
# The shortest allowed: a finished job's results are posted a few seconds after the fake ends it.
poll_interval_seconds = 5

[storage]
url = "${input.storageUrl}"
`;
}
