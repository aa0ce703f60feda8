/**
 * The least-privilege identity policy of the bot (and of `bedrock-bot` on the command line, doctor included): only
 * the models in the config, the batch bucket under `[batch] prefix`, the batch service role, and the read-only calls
 * `doctor` makes. `*` appears only for actions that have no resource type in IAM (ListModelInvocationJobs,
 * ListServiceQuotas): there is no ARN to name.
 */
import type { LoadedConfig } from "../config/parse-config.ts";
import type { ModelGrant } from "./model-grants.ts";
import { partitionOf } from "./model-arns.ts";
import { policyDocument, uniqueSorted, type PolicyCondition, type PolicyDocument, type PolicyStatement } from "./policy-document.ts";

/** Actions that take no resource ARN in IAM ("Resource types" empty in the Service Authorization Reference). */
export const ACTIONS_WITHOUT_RESOURCE_TYPES = ["bedrock:ListModelInvocationJobs", "servicequotas:ListServiceQuotas"] as const;

export interface BotPolicyInput {
  config: Pick<LoadedConfig, "data" | "providers">;
  accountId: string;
  grants: readonly ModelGrant[];
}

/** The batch settings a policy needs, or undefined when `/batch` is not set up (no bucket or role). */
export function batchSetup(config: Pick<LoadedConfig, "data">): { bucket: string; prefix: string; roleArn: string } | undefined {
  const { bucket, role_arn: roleArn, prefix } = config.data.batch;
  return bucket === undefined || roleArn === undefined ? undefined : { bucket, prefix, roleArn };
}

export function buildBotPolicy({ config, accountId, grants }: BotPolicyInput): PolicyDocument {
  const batch = batchSetup(config);
  const batchGrants = grants.filter((grant) => grant.batch);
  const partition = partitionOf(grants[0]?.region ?? "us-east-1");
  const s3 = `arn:${partition}:s3:::`;
  const statements: (PolicyStatement | undefined)[] = [
    allow("InvokeConfiguredModels", ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], grants.flatMap((grant) => grant.invokeArns)),
    allow("DoctorReadModels", ["bedrock:GetFoundationModel", "bedrock:GetFoundationModelAvailability"], grants.flatMap((grant) => grant.foundationModelArns)),
    allow("DoctorReadInferenceProfiles", ["bedrock:GetInferenceProfile"], grants.flatMap((grant) => grant.profileArns)),
    // A call with guardrailConfig is also authorized against the guardrail (AWS: bedrock:ApplyGuardrail on its ARN).
    allow("ApplyConfiguredGuardrails", ["bedrock:ApplyGuardrail"], guardrailArns(config, partition, accountId, grants)),
  ];
  if (batch !== undefined && batchGrants.length > 0) {
    const jobArns = uniqueSorted(batchGrants.map((grant) => `arn:${partition}:bedrock:${grant.region}:${accountId}:model-invocation-job/*`));
    statements.push(
      // CreateModelInvocationJob is authorized against the job and the model it runs.
      allow("BatchJobs", ["bedrock:CreateModelInvocationJob"], [...jobArns, ...batchGrants.flatMap((grant) => grant.invokeArns)]),
      allow("BatchJobStatus", ["bedrock:GetModelInvocationJob", "bedrock:StopModelInvocationJob"], jobArns),
      allow("ListBatchJobs", ["bedrock:ListModelInvocationJobs"], ["*"]),
      allow("BatchBucketObjects", ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"], [`${s3}${batch.bucket}/${batch.prefix}*`]),
      allow("BatchBucketList", ["s3:ListBucket"], [`${s3}${batch.bucket}`], { StringLike: { "s3:prefix": [`${batch.prefix}*`] } }),
      allow("DoctorBatchBucketRegion", ["s3:GetBucketLocation"], [`${s3}${batch.bucket}`]),
      allow("PassBatchRole", ["iam:PassRole"], [batch.roleArn], { StringEquals: { "iam:PassedToService": "bedrock.amazonaws.com" } }),
      allow("DoctorReadBatchRole", ["iam:GetRole", "iam:SimulatePrincipalPolicy"], [batch.roleArn]),
      allow("DoctorReadQuotas", ["servicequotas:ListServiceQuotas"], ["*"]),
    );
  }
  statements.push(...s3VectorsStatements(config, partition, accountId));
  const sources = config.data.batch.allowed_buckets.filter((bucket) => bucket !== batch?.bucket);
  if (batch !== undefined && sources.length > 0) {
    statements.push(
      allow("ReadAllowedSourceBuckets", ["s3:GetObject"], sources.map((bucket) => `${s3}${bucket}/*`)),
      allow("ListAllowedSourceBuckets", ["s3:ListBucket"], sources.map((bucket) => `${s3}${bucket}`)),
    );
  }
  return policyDocument(statements);
}

/**
 * `type = "s3vectors"` sinks: CreateIndex is authorized against the vector bucket, the rest against the index.
 * GetVectors too, because a QueryVectors that returns metadata needs it (S3 Vectors API reference, QueryVectors).
 */
function s3VectorsStatements(config: Pick<LoadedConfig, "data" | "providers">, partition: string, accountId: string): (PolicyStatement | undefined)[] {
  const sinks = config.data.sinks.flatMap((sink) => (sink.type === "s3vectors" ? [sink] : []));
  const bucketArn = (sink: (typeof sinks)[number]): string => {
    const region = sink.region ?? (config.providers.find((provider) => provider.name === sink.provider) ?? config.providers[0])?.extra_params.region ?? "us-east-1";
    return `arn:${partition}:s3vectors:${region}:${accountId}:bucket/${sink.vector_bucket}`;
  };
  return [
    allow("CreateSinkIndexes", ["s3vectors:CreateIndex"], sinks.map(bucketArn)),
    allow("WriteAndQuerySinks", ["s3vectors:GetIndex", "s3vectors:GetVectors", "s3vectors:PutVectors", "s3vectors:QueryVectors"], sinks.map((sink) => `${bucketArn(sink)}/index/${sink.index}`)),
  ];
}

/** `[[guardrails]]` as ARNs: an ARN as written, an id in each region the configured models are called in. */
function guardrailArns(config: Pick<LoadedConfig, "data">, partition: string, accountId: string, grants: readonly ModelGrant[]): string[] {
  const regions = uniqueSorted(grants.map((grant) => grant.region));
  return config.data.guardrails.flatMap(({ identifier }) =>
    identifier.startsWith("arn:") ? [identifier] : regions.map((region) => `arn:${partition}:bedrock:${region}:${accountId}:guardrail/${identifier}`),
  );
}

/** An Allow statement, or nothing when there is no resource to name (no model of that kind in the config). */
export function allow(sid: string, actions: string[], resources: readonly string[], condition?: PolicyCondition): PolicyStatement | undefined {
  if (resources.length === 0) return undefined;
  return { Sid: sid, Effect: "Allow", Action: uniqueSorted(actions), Resource: uniqueSorted(resources), ...(condition === undefined ? {} : { Condition: condition }) };
}
