/**
 * The batch quotas that matter, from Service Quotas (one ListServiceQuotas pass of `bedrock` per region): the
 * minimum records per job and the submitted + in-progress jobs per model, compared with what the config plans with.
 * Quota names carry the model's display name ("... for Nova Lite"); a model without such quotas keeps AWS's defaults.
 */
import { ListServiceQuotasCommand, type ServiceQuota, type ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import type { BatchCapability } from "../../bedrock/batch/records/batch-capability.ts";
import { fail, ok, warn, type CheckResult } from "../check-result.ts";
import { describeAwsError, isAccessDenied } from "./describe-aws-error.ts";

const MIN_RECORDS = /^Minimum number of records per batch inference job for (.+)$/;
const CONCURRENT_JOBS = /^Sum of in-progress and submitted batch inference jobs using a base model for (.+)$/;

export async function listBedrockQuotas(quotas: ServiceQuotasClient): Promise<ServiceQuota[] | Error> {
  const all: ServiceQuota[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await quotas.send(new ListServiceQuotasCommand({ ServiceCode: "bedrock", MaxResults: 100, ...(nextToken === undefined ? {} : { NextToken: nextToken }) }));
      all.push(...(page.Quotas ?? []));
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return all;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export interface QuotaCheckInput {
  modelName: string;
  /** Display name from GetFoundationModel; quotas are matched on it. */
  displayName: string | undefined;
  capability: BatchCapability;
  maxConcurrentJobs: number;
  quotas: ServiceQuota[] | Error;
}

/** Pure: the configured limits against the quotas read. */
export function checkBatchQuotas(input: QuotaCheckInput): CheckResult {
  const { modelName, quotas, capability } = input;
  if (quotas instanceof Error) {
    return isAccessDenied(quotas)
      ? warn("batch.quotas", modelName, `cannot read Service Quotas: ${describeAwsError(quotas)}`, "allow servicequotas:ListServiceQuotas (`bedrock-bot iam policy --role bot`); until then AWS's defaults are assumed")
      : warn("batch.quotas", modelName, `cannot read Service Quotas: ${describeAwsError(quotas)}`, "AWS's default quotas are assumed; check them in the Service Quotas console");
  }
  const quotaFor = (pattern: RegExp) => quotas.find((quota) => pattern.exec(quota.QuotaName ?? "")?.[1] === input.displayName)?.Value;
  const minRecords = quotaFor(MIN_RECORDS);
  const concurrent = quotaFor(CONCURRENT_JOBS);
  if (minRecords === undefined && concurrent === undefined) {
    return ok("batch.quotas", modelName, `no batch quotas listed for ${input.displayName ?? "this model"}; AWS's defaults apply (min ${capability.minRecords} records per job)`);
  }
  if (minRecords !== undefined && minRecords > capability.minRecords) {
    return fail("batch.quotas", modelName, `jobs need at least ${minRecords} records (quota), the config plans with ${capability.minRecords}`, `set [models.batch] min_records = ${minRecords} for ${modelName}, or the smallest jobs fail validation`);
  }
  if (concurrent !== undefined && input.maxConcurrentJobs > concurrent) {
    return warn("batch.quotas", modelName, `the config allows ${input.maxConcurrentJobs} jobs at once, the quota ${concurrent}`, `set [models.batch] max_concurrent_jobs = ${concurrent} (or request a quota increase), else submissions over the quota are refused`);
  }
  return ok("batch.quotas", modelName, `min ${minRecords ?? capability.minRecords} records per job, ${concurrent ?? "default"} concurrent jobs; the config is within them`);
}
