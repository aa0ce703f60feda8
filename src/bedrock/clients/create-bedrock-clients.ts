/**
 * One set of AWS clients per `[[api_providers]]` entry: bedrock-runtime (chat), bedrock (batch jobs) and S3 (batch
 * files), sharing region, credentials, timeout and the SDK's retry policy. Retries are the SDK's only; nothing in
 * this project retries on top of them.
 */
import type { BedrockClient, BedrockClientConfig } from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from "@aws-sdk/client-bedrock-runtime";
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { createRequire } from "node:module";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import type { ProviderConfig } from "../../config/schema.ts";
import { UserFacingError } from "../errors/user-facing-error.ts";

export interface BedrockClients {
  /** Converse / ConverseStream. */
  runtime: BedrockRuntimeClient;
  /** Control plane: batch inference jobs. Created on first use. */
  readonly control: BedrockClient;
  /** Batch inputs and outputs. Always IAM credentials: S3 does not accept Bedrock API keys. Created on first use. */
  readonly s3: S3Client;
  region: string;
  /** Closes the clients' sockets. */
  destroy(): void;
}

/** The SDK's own cap on a single backoff delay. */
const MAX_BACKOFF_MS = 20_000;

/** Exponential backoff: `retry_interval`, then x2 per retry, capped at 20 s. `retry` is 1 for the first retry. */
export function backoffDelayMs(retryIntervalSeconds: number, retry: number): number {
  return Math.min(MAX_BACKOFF_MS, retryIntervalSeconds * 1000 * 2 ** Math.max(0, retry - 1));
}

type Auth = Pick<BedrockRuntimeClientConfig, "credentials" | "profile" | "token" | "authSchemePreference">;

/** Static keys, a shared-config profile, or nothing (the SDK's default chain). Never a Bedrock API key. */
export function iamAuth(provider: ProviderConfig): Auth {
  if (provider.api_key !== "" && provider.api_key_type === "aws") {
    const secretAccessKey = provider.extra_params.aws_secret_key;
    if (secretAccessKey === undefined || secretAccessKey === "") {
      throw new UserFacingError(`Provider "${provider.name}" has an api_key but no extra_params.aws_secret_key to go with it.`);
    }
    return {
      credentials: {
        accessKeyId: provider.api_key,
        secretAccessKey,
        ...(provider.session_token === undefined ? {} : { sessionToken: provider.session_token }),
      },
    };
  }
  return provider.profile === undefined ? {} : { profile: provider.profile };
}

/** Bedrock API key (bearer) for bedrock + bedrock-runtime; `token` alone would still prefer SigV4. */
function bedrockAuth(provider: ProviderConfig): Auth {
  if (provider.api_key_type === "bedrock" && provider.api_key !== "") {
    return { token: { token: provider.api_key }, authSchemePreference: ["httpBearerAuth"] };
  }
  return iamAuth(provider);
}

/** The three client configurations, without creating clients. */
export function bedrockClientConfigs(provider: ProviderConfig): {
  runtime: BedrockRuntimeClientConfig;
  control: BedrockClientConfig;
  s3: S3ClientConfig;
} {
  const { region, runtime_endpoint, control_endpoint, s3_endpoint } = provider.extra_params;
  const maxAttempts = provider.max_retry + 1;
  const timeoutMs = provider.timeout * 1000;
  // One strategy per client: each holds its own retry-token bucket.
  const common = () => ({
    region,
    maxAttempts,
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, (retry) => backoffDelayMs(provider.retry_interval, retry)),
  });
  return {
    runtime: {
      ...common(),
      ...bedrockAuth(provider),
      ...(runtime_endpoint === undefined ? {} : { endpoint: runtime_endpoint }),
      // HTTP/2: requestTimeout is an inactivity timeout per stream, so a long streamed answer is fine but a stall is not.
      // disableConcurrentStreams is the SDK's own default for this client, kept when passing handler options.
      requestHandler: { requestTimeout: timeoutMs, disableConcurrentStreams: true },
    },
    control: {
      ...common(),
      ...bedrockAuth(provider),
      ...(control_endpoint === undefined ? {} : { endpoint: control_endpoint }),
      requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true },
    },
    s3: {
      ...common(),
      ...iamAuth(provider),
      // With an endpoint override (MinIO, s3rver, a proxy): path-style, and checksums only where S3 requires them —
      // S3-compatible servers that do not decode `aws-chunked` bodies otherwise store the chunk framing as the data.
      ...(s3_endpoint === undefined
        ? {}
        : { endpoint: s3_endpoint, forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" }),
      // Idle timeout rather than a total one: multi-GB batch files take longer than `timeout` to move.
      requestHandler: { connectionTimeout: timeoutMs, socketTimeout: timeoutMs },
      // Resolves each command's middleware stack once instead of on every send: an S3-prefix source is thousands of
      // GetObjects, and rebuilding the stack was a third of our CPU per object (bench/s3-prefix-ingest.ts). Safe
      // because nothing here adds middleware to S3 commands or to this client after creation (the presigner works
      // on a clone of the stack, lib-storage adds none).
      cacheMiddleware: true,
    },
  };
}

/**
 * The runtime client at once; the control-plane and S3 clients on first use, their SDK packages loaded then (through
 * their CommonJS builds, which are what Node resolves for them anyway): a bot that only chats never loads them, which
 * is nearly a second of CPU at every start.
 */
export function createBedrockClients(provider: ProviderConfig): BedrockClients {
  const configs = bedrockClientConfigs(provider);
  const runtime = new BedrockRuntimeClient(configs.runtime);
  let control: BedrockClient | undefined;
  let s3: S3Client | undefined;
  return {
    runtime,
    get control() {
      control ??= new (requireSdk<{ BedrockClient: typeof BedrockClient }>("@aws-sdk/client-bedrock").BedrockClient)(configs.control);
      return control;
    },
    get s3() {
      s3 ??= new (requireSdk<{ S3Client: typeof S3Client }>("@aws-sdk/client-s3").S3Client)(configs.s3);
      return s3;
    },
    region: provider.extra_params.region,
    destroy() {
      runtime.destroy();
      control?.destroy();
      s3?.destroy();
    },
  };
}

function requireSdk<T>(name: "@aws-sdk/client-bedrock" | "@aws-sdk/client-s3"): T {
  return createRequire(import.meta.url)(name) as T;
}
