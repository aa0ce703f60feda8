/**
 * The AWS clients `doctor` and `iam policy` use for one provider: its Bedrock clients (runtime, control plane, S3:
 * the bot's own configuration, so the checks see what the bot sees) plus STS, IAM and Service Quotas with the
 * provider's IAM credentials and region. Endpoints of those three come from the SDK's own settings
 * (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_SERVICE_QUOTAS, or the shared config file) unless
 * given here.
 */
import { IAMClient } from "@aws-sdk/client-iam";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { STSClient } from "@aws-sdk/client-sts";
import { createBedrockClients, iamAuth, type BedrockClients } from "../bedrock/clients/create-bedrock-clients.ts";
import type { ProviderConfig } from "../config/schema.ts";

export interface OpsEndpoints {
  sts?: string;
  iam?: string;
  serviceQuotas?: string;
}

export interface OpsClients {
  provider: ProviderConfig;
  region: string;
  bedrock: BedrockClients;
  sts: STSClient;
  iam: IAMClient;
  quotas: ServiceQuotasClient;
  destroy(): void;
}

export function createOpsClients(provider: ProviderConfig, endpoints: OpsEndpoints = {}): OpsClients {
  const region = provider.extra_params.region;
  const base = { region, maxAttempts: provider.max_retry + 1, ...iamAuth(provider) };
  const bedrock = createBedrockClients(provider);
  const sts = new STSClient({ ...base, ...(endpoints.sts === undefined ? {} : { endpoint: endpoints.sts }) });
  const iam = new IAMClient({ ...base, ...(endpoints.iam === undefined ? {} : { endpoint: endpoints.iam }) });
  const quotas = new ServiceQuotasClient({ ...base, ...(endpoints.serviceQuotas === undefined ? {} : { endpoint: endpoints.serviceQuotas }) });
  return {
    provider,
    region,
    bedrock,
    sts,
    iam,
    quotas,
    destroy() {
      bedrock.destroy();
      sts.destroy();
      iam.destroy();
      quotas.destroy();
    },
  };
}
