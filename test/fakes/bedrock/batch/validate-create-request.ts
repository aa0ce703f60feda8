/**
 * The shape constraints of CreateModelInvocationJob (from the API reference's member constraints), reported the way
 * AWS reports them: every broken constraint in one ValidationException, "2 validation errors detected: Value ... at
 * 'jobName' failed to satisfy constraint: ...; ...". Rules that need the fake's state (model, quota, idempotency) are
 * the route's.
 */
import { formatConstraintViolations, isObject } from "../validation-problem.ts";
import type { ConstraintViolation, JsonObject } from "../validation-problem.ts";

/** A Create request after its shape was checked. */
export interface CreateJobRequest {
  jobName: string;
  roleArn: string;
  clientRequestToken?: string;
  modelId: string;
  inputDataConfig: { s3InputDataConfig: { s3Uri: string; s3InputFormat?: string; s3BucketOwner?: string } };
  outputDataConfig: { s3OutputDataConfig: { s3Uri: string; s3EncryptionKeyId?: string; s3BucketOwner?: string } };
  vpcConfig?: { subnetIds: string[]; securityGroupIds: string[] };
  timeoutDurationInHours?: number;
  tags: { key: string; value: string }[];
  modelInvocationType: "InvokeModel" | "Converse";
}

// CreateModelInvocationJob member constraints (API reference).
const JOB_NAME = { pattern: "[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\\+\\-\\.]){0,63}", max: 63 };
const ROLE_ARN = { pattern: "arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+", max: 2048 };
const CLIENT_REQUEST_TOKEN = { pattern: "[a-zA-Z0-9]{1,256}(-*[a-zA-Z0-9]){0,256}", max: 256 };
const MODEL_ID = { pattern: "[a-zA-Z_\\.\\-/0-9:]+", max: 2048 };
const S3_URI = { pattern: "s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?", max: 1024 };
const ACCOUNT_ID = { pattern: "[0-9]{12}", max: 12 };
const TAG_KEY = { pattern: "[a-zA-Z0-9\\s._:/=+@-]*", max: 128 };
const TAG_VALUE = { pattern: "[a-zA-Z0-9\\s._:/=+@-]*", max: 256 };
const MIN_TIMEOUT_HOURS = 24;
const MAX_TIMEOUT_HOURS = 168;
const MAX_TAGS = 200;

export function validateCreateRequest(body: unknown): { request: CreateJobRequest } | { problem: string } {
  const violations: ConstraintViolation[] = [];
  const fail = (path: string, value: unknown, constraint: string): undefined => {
    violations.push({ path, value, constraint });
    return undefined;
  };
  const input = isObject(body) ? body : {};

  const text = (path: string, value: unknown, rule: { pattern: string; max: number } | undefined, required: boolean): string | undefined => {
    if (value === undefined || value === null) return required ? fail(path, value, "Member must not be null") : undefined;
    if (typeof value !== "string") return fail(path, value, "Member must be a string");
    if (value.length < 1) return fail(path, value, "Member must have length greater than or equal to 1");
    if (rule && value.length > rule.max) return fail(path, value, `Member must have length less than or equal to ${rule.max}`);
    if (rule && !new RegExp(`^(?:${rule.pattern})$`).test(value)) {
      return fail(path, value, `Member must satisfy regular expression pattern: ${rule.pattern}`);
    }
    return value;
  };
  const structure = (path: string, value: unknown, required: boolean): JsonObject | undefined => {
    if (value === undefined || value === null) return required ? fail(path, value, "Member must not be null") : undefined;
    return isObject(value) ? value : fail(path, value, "Member must be a structure");
  };

  const jobName = text("jobName", input.jobName, JOB_NAME, true);
  const roleArn = text("roleArn", input.roleArn, ROLE_ARN, true);
  const clientRequestToken = text("clientRequestToken", input.clientRequestToken, CLIENT_REQUEST_TOKEN, false);
  const modelId = text("modelId", input.modelId, MODEL_ID, true);

  const s3Config = (which: "input" | "output"): JsonObject | undefined => {
    const outer = `${which}DataConfig`;
    const inner = which === "input" ? "s3InputDataConfig" : "s3OutputDataConfig";
    const config = structure(outer, input[outer], true);
    if (config === undefined) return undefined;
    const extra = Object.keys(config).filter((key) => key !== inner);
    if (extra.length > 0 || config[inner] === undefined) return fail(outer, config, `Member must have exactly one member set: [${inner}]`);
    const s3 = structure(`${outer}.${inner}`, config[inner], true);
    if (s3 === undefined) return undefined;
    text(`${outer}.${inner}.s3Uri`, s3.s3Uri, S3_URI, true);
    text(`${outer}.${inner}.s3BucketOwner`, s3.s3BucketOwner, ACCOUNT_ID, false);
    if (which === "input" && s3.s3InputFormat !== undefined && s3.s3InputFormat !== "JSONL") {
      fail(`${outer}.${inner}.s3InputFormat`, s3.s3InputFormat, "Member must satisfy enum value set: [JSONL]");
    }
    if (which === "output") text(`${outer}.${inner}.s3EncryptionKeyId`, s3.s3EncryptionKeyId, { pattern: ".+", max: 2048 }, false);
    return s3;
  };
  const s3Input = s3Config("input");
  const s3Output = s3Config("output");

  const timeout = input.timeoutDurationInHours;
  if (timeout !== undefined && timeout !== null) {
    if (typeof timeout !== "number" || !Number.isInteger(timeout)) fail("timeoutDurationInHours", timeout, "Member must be an integer");
    else if (timeout < MIN_TIMEOUT_HOURS) fail("timeoutDurationInHours", timeout, `Member must have value greater than or equal to ${MIN_TIMEOUT_HOURS}`);
    else if (timeout > MAX_TIMEOUT_HOURS) fail("timeoutDurationInHours", timeout, `Member must have value less than or equal to ${MAX_TIMEOUT_HOURS}`);
  }

  const tags = checkTags(input.tags, text, fail);
  const vpcConfig = checkVpcConfig(structure("vpcConfig", input.vpcConfig, false), fail);

  const invocationType = input.modelInvocationType ?? "InvokeModel";
  if (invocationType !== "InvokeModel" && invocationType !== "Converse") {
    fail("modelInvocationType", invocationType, "Member must satisfy enum value set: [InvokeModel, Converse]");
  }

  if (violations.length > 0) return { problem: formatConstraintViolations(violations) };
  // Every required member passed its check above, so none of these is undefined here.
  return {
    request: {
      jobName: jobName!,
      roleArn: roleArn!,
      ...(clientRequestToken === undefined ? {} : { clientRequestToken }),
      modelId: modelId!,
      inputDataConfig: { s3InputDataConfig: s3Input as CreateJobRequest["inputDataConfig"]["s3InputDataConfig"] },
      outputDataConfig: { s3OutputDataConfig: s3Output as CreateJobRequest["outputDataConfig"]["s3OutputDataConfig"] },
      ...(vpcConfig === undefined ? {} : { vpcConfig }),
      ...(typeof timeout === "number" ? { timeoutDurationInHours: timeout } : {}),
      tags,
      modelInvocationType: invocationType as CreateJobRequest["modelInvocationType"],
    },
  };
}

type TextCheck = (path: string, value: unknown, rule: { pattern: string; max: number } | undefined, required: boolean) => string | undefined;
type Fail = (path: string, value: unknown, constraint: string) => undefined;

function checkTags(value: unknown, text: TextCheck, fail: Fail): { key: string; value: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail("tags", value, "Member must be a list") ?? [];
  if (value.length > MAX_TAGS) fail("tags", value, `Member must have length less than or equal to ${MAX_TAGS}`);
  return value.flatMap((tag: unknown, index) => {
    const at = `tags.${index + 1}.member`;
    if (!isObject(tag)) return fail(at, tag, "Member must be a structure") ?? [];
    const key = text(`${at}.key`, tag.key, TAG_KEY, true);
    const tagValue = tag.value === "" ? "" : text(`${at}.value`, tag.value, TAG_VALUE, true);
    return key === undefined || tagValue === undefined ? [] : [{ key, value: tagValue }];
  });
}

function checkVpcConfig(config: JsonObject | undefined, fail: Fail): CreateJobRequest["vpcConfig"] {
  if (config === undefined) return undefined;
  const list = (name: "subnetIds" | "securityGroupIds", max: number): string[] => {
    const items = config[name];
    if (!Array.isArray(items) || !items.every((item) => typeof item === "string")) {
      return fail(`vpcConfig.${name}`, items, "Member must not be null and must be a list of strings") ?? [];
    }
    if (items.length < 1 || items.length > max) fail(`vpcConfig.${name}`, items, `Member must have length between 1 and ${max}`);
    return items;
  };
  return { subnetIds: list("subnetIds", 16), securityGroupIds: list("securityGroupIds", 5) };
}
