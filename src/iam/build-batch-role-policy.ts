/**
 * The batch service role's two documents: its permissions (read the job inputs, write the job outputs, invoke the
 * batch models) and its trust policy (Bedrock may assume it, only for batch jobs of this account — the confused-deputy
 * guard AWS recommends: aws:SourceAccount and aws:SourceArn).
 */
import type { LoadedConfig } from "../config/parse-config.ts";
import { allow, batchSetup } from "./build-bot-policy.ts";
import { partitionOf } from "./model-arns.ts";
import type { ModelGrant } from "./model-grants.ts";
import { policyDocument, uniqueSorted, type PolicyDocument } from "./policy-document.ts";

/** Where Bedrock reads and writes, from the layout the bot uses: `<prefix>runs/<run>/job-<n>/{input,output}/`. */
function batchRoleKeys(prefix: string): { input: string; output: string; runs: string } {
  return { runs: `${prefix}runs/*`, input: `${prefix}runs/*/input/*`, output: `${prefix}runs/*/output/*` };
}

export function buildBatchRolePolicy(input: { config: Pick<LoadedConfig, "data">; grants: readonly ModelGrant[] }): PolicyDocument | undefined {
  const batch = batchSetup(input.config);
  const grants = input.grants.filter((grant) => grant.batch);
  if (batch === undefined || grants.length === 0) return undefined;
  const s3 = `arn:${partitionOf(grants[0]?.region ?? "us-east-1")}:s3:::`;
  const keys = batchRoleKeys(batch.prefix);
  return policyDocument([
    allow("ReadJobInputs", ["s3:GetObject"], [`${s3}${batch.bucket}/${keys.input}`]),
    allow("ListJobFolders", ["s3:ListBucket"], [`${s3}${batch.bucket}`], { StringLike: { "s3:prefix": [keys.runs] } }),
    allow("WriteJobOutputs", ["s3:PutObject"], [`${s3}${batch.bucket}/${keys.output}`]),
    allow("InvokeBatchModels", ["bedrock:InvokeModel"], grants.flatMap((grant) => grant.invokeArns)),
  ]);
}

export function buildBatchTrustPolicy(input: { accountId: string; grants: readonly ModelGrant[] }): PolicyDocument {
  const regions = uniqueSorted(input.grants.filter((grant) => grant.batch).map((grant) => grant.region));
  const partition = partitionOf(regions[0] ?? "us-east-1");
  const jobArns = (regions.length === 0 ? ["*"] : regions).map((region) => `arn:${partition}:bedrock:${region}:${input.accountId}:model-invocation-job/*`);
  return policyDocument([
    {
      Sid: "BedrockBatchJobsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "bedrock.amazonaws.com" },
      Action: ["sts:AssumeRole"],
      Condition: { StringEquals: { "aws:SourceAccount": input.accountId }, ArnLike: { "aws:SourceArn": jobArns.length === 1 ? jobArns.join("") : jobArns } },
    },
  ]);
}
