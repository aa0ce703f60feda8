/**
 * The batch service role: it exists, trusts bedrock.amazonaws.com (with aws:SourceAccount), and its policies let it
 * read the job inputs, list the job folders, write the outputs and invoke the batch models — asked of IAM's policy
 * simulator (SimulatePrincipalPolicy) with the keys and ARNs the bot will use, so SCPs and boundaries are not seen.
 */
import { GetRoleCommand, SimulatePrincipalPolicyCommand, type IAMClient } from "@aws-sdk/client-iam";
import { partitionOf } from "../../iam/model-arns.ts";
import { fail, ok, warn, type CheckResult } from "../check-result.ts";
import { describeAwsError, isAccessDenied } from "./describe-aws-error.ts";
import { readTrustPolicy } from "./read-trust-policy.ts";

const ROLE_FIX = "attach the policy from `bedrock-bot iam policy --role batch` to the role";

export interface BatchRoleInput {
  roleArn: string;
  accountId: string;
  bucket: string;
  prefix: string;
  region: string;
  /** ARNs bedrock:InvokeModel must be allowed on (each batch model, and the models its profile routes to). */
  modelArns: string[];
  iam: IAMClient;
}

export async function checkBatchRole(input: BatchRoleInput): Promise<CheckResult[]> {
  const { roleArn, iam } = input;
  const roleName = roleArn.slice(roleArn.lastIndexOf("/") + 1);
  let trustDocument: string;
  try {
    trustDocument = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.AssumeRolePolicyDocument ?? "";
  } catch (error) {
    if (isAccessDenied(error)) return [warn("batch.role", roleArn, `cannot read the role: ${describeAwsError(error)}`, "allow iam:GetRole and iam:SimulatePrincipalPolicy on the role (`bedrock-bot iam policy --role bot`), or check it by hand")];
    const name = error instanceof Error ? error.name : "";
    if (name === "NoSuchEntityException") return [fail("batch.role", roleArn, "the role does not exist", "create it with the trust policy from `bedrock-bot iam policy --role trust` and the permissions from `--role batch`, or fix [batch] role_arn")];
    return [fail("batch.role", roleArn, `cannot read the role: ${describeAwsError(error)}`, "check the network path to IAM and try again")];
  }
  const results = [trustResult(roleArn, input.accountId, trustDocument)];
  results.push(...(await simulate(input)));
  return results;
}

function trustResult(roleArn: string, accountId: string, document: string): CheckResult {
  const trust = readTrustPolicy(document);
  const fix = "replace the role's trust policy with `bedrock-bot iam policy --role trust`";
  if (!trust.bedrockMayAssume) return fail("batch.role.trust", roleArn, "the trust policy does not let bedrock.amazonaws.com assume the role (sts:AssumeRole)", fix);
  if (!trust.sourceAccounts.includes(accountId)) {
    return warn("batch.role.trust", roleArn, `bedrock.amazonaws.com may assume it, but without an aws:SourceAccount = ${accountId} condition (any account's jobs could use it)`, fix);
  }
  return ok("batch.role.trust", roleArn, `trusts bedrock.amazonaws.com for account ${accountId}${trust.sourceArns.length > 0 ? ` (${trust.sourceArns.join(", ")})` : ""}`);
}

async function simulate(input: BatchRoleInput): Promise<CheckResult[]> {
  const s3 = `arn:${partitionOf(input.region)}:s3:::${input.bucket}`;
  const sampleRun = `${input.prefix}runs/doctor`;
  const asks: { what: string; action: string; resource: string; context?: Record<string, string> }[] = [
    { what: "read job inputs", action: "s3:GetObject", resource: `${s3}/${sampleRun}/job-1/input/records-1.jsonl` },
    { what: "list job folders", action: "s3:ListBucket", resource: s3, context: { "s3:prefix": `${sampleRun}/job-1/input/` } },
    { what: "write job outputs", action: "s3:PutObject", resource: `${s3}/${sampleRun}/job-1/output/job/records-1.jsonl.out` },
    ...input.modelArns.map((arn) => ({ what: `invoke ${arn}`, action: "bedrock:InvokeModel", resource: arn })),
  ];
  const denied: string[] = [];
  try {
    for (const ask of asks) {
      const contextEntries = Object.entries(ask.context ?? {}).map(([key, value]) => ({ ContextKeyName: key, ContextKeyValues: [value], ContextKeyType: "string" as const }));
      const answer = await input.iam.send(
        new SimulatePrincipalPolicyCommand({ PolicySourceArn: input.roleArn, ActionNames: [ask.action], ResourceArns: [ask.resource], ...(contextEntries.length === 0 ? {} : { ContextEntries: contextEntries }) }),
      );
      const decision = answer.EvaluationResults?.[0]?.EvalDecision ?? "implicitDeny";
      if (decision !== "allowed") denied.push(`${ask.what} (${ask.action} on ${ask.resource}: ${decision})`);
    }
  } catch (error) {
    if (isAccessDenied(error)) return [warn("batch.role.permissions", input.roleArn, `cannot simulate the role's policies: ${describeAwsError(error)}`, "allow iam:SimulatePrincipalPolicy on the role (`bedrock-bot iam policy --role bot`)")];
    return [warn("batch.role.permissions", input.roleArn, `cannot simulate the role's policies: ${describeAwsError(error)}`, "check the network path to IAM and try again")];
  }
  if (denied.length > 0) return [fail("batch.role.permissions", input.roleArn, `the role may not: ${denied.join("; ")}`, ROLE_FIX)];
  return [ok("batch.role.permissions", input.roleArn, `may ${asks.map((ask) => ask.what).join(", ")} (IAM policy simulator; SCPs and permission boundaries not included)`)];
}
