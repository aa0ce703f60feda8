/**
 * Whose credentials a provider resolves to (STS GetCallerIdentity needs no permission, so any failure is the
 * credentials themselves: missing, expired, mistyped or deleted) and the region its calls go to.
 */
import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import type { ProviderConfig } from "../../config/schema.ts";
import { fail, ok, warn, type CheckResult } from "../check-result.ts";
import { describeAwsError } from "./describe-aws-error.ts";

export interface CallerIdentity {
  accountId: string;
  arn: string;
}

export async function checkCredentials(provider: ProviderConfig, sts: STSClient): Promise<{ result: CheckResult; identity?: CallerIdentity }> {
  const region = provider.extra_params.region;
  try {
    const caller = await sts.send(new GetCallerIdentityCommand({}));
    const identity = { accountId: caller.Account ?? "", arn: caller.Arn ?? "" };
    return { result: ok("aws.credentials", provider.name, `${identity.arn} (account ${identity.accountId}), region ${region}`), identity };
  } catch (error) {
    const reason = describeAwsError(error);
    if (provider.api_key_type === "bedrock" && provider.api_key !== "") {
      // Chat runs on the Bedrock API key; only S3 (batch) and these checks need IAM credentials.
      return {
        result: warn("aws.credentials", provider.name, `no IAM credentials resolve (${reason}); chat uses the Bedrock API key, region ${region}`, "for /batch (S3) and the remaining checks, give IAM credentials through the default chain: AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO or an instance role"),
      };
    }
    return {
      result: fail("aws.credentials", provider.name, `credentials do not work: ${reason}`, credentialFix(provider)),
    };
  }
}

function credentialFix(provider: ProviderConfig): string {
  if (provider.api_key !== "") return `check api_key / extra_params.aws_secret_key of [[api_providers]] "${provider.name}" (or the environment variables they name); rotated or deleted keys fail here`;
  if (provider.profile !== undefined) return `check profile "${provider.profile}" in ~/.aws/config (for SSO: aws sso login --profile ${provider.profile})`;
  return "give the default chain credentials: AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO (aws sso login) or an instance/container role";
}
