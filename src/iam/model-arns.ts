/**
 * The ARNs a configured model identifier stands for in IAM. A foundation-model id is one ARN in the provider's
 * region (account-less); an inference profile is its own ARN (with the account) PLUS the foundation model in every
 * region the profile routes to — Bedrock authorizes a cross-region call against both.
 */

/** Geography prefixes of system-defined cross-region inference profiles (`us.anthropic...`). */
const PROFILE_PREFIX = /^(us|eu|apac|us-gov|global|jp|au|ca)\./;
const ARN = /^arn:(aws[a-z-]*):bedrock:([a-z0-9-]*):(\d{12})?:(foundation-model|inference-profile|application-inference-profile)\/(.+)$/;

export type ModelReference =
  | { kind: "foundation-model"; modelId: string; region?: string }
  | { kind: "inference-profile"; profileId: string; region?: string; arn?: string };

/** What an identifier names: a foundation model or an inference profile (id or ARN; an ARN keeps its region). */
export function parseModelReference(identifier: string): ModelReference {
  const arn = ARN.exec(identifier);
  if (arn !== null) {
    const [, , region = "", , type, id = ""] = arn;
    if (type === "foundation-model") return { kind: "foundation-model", modelId: id, ...(region === "" ? {} : { region }) };
    return { kind: "inference-profile", profileId: id, region, arn: identifier };
  }
  return PROFILE_PREFIX.test(identifier) ? { kind: "inference-profile", profileId: identifier } : { kind: "foundation-model", modelId: identifier };
}

/** `aws`, `aws-cn` or `aws-us-gov`, from the region name. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export function foundationModelArn(region: string, modelId: string): string {
  return `arn:${partitionOf(region)}:bedrock:${region}::foundation-model/${modelId}`;
}

export function inferenceProfileArn(region: string, accountId: string, profileId: string): string {
  return `arn:${partitionOf(region)}:bedrock:${region}:${accountId}:inference-profile/${profileId}`;
}

/**
 * Regions a system-defined profile routes to, by its geography, for `iam policy --offline` only: AWS documents the
 * destination regions per model and adds regions over time, so the online path reads them from GetInferenceProfile.
 */
const OFFLINE_PROFILE_REGIONS: Readonly<Record<string, readonly string[]>> = {
  us: ["us-east-1", "us-east-2", "us-west-2"],
  "us-gov": ["us-gov-east-1", "us-gov-west-1"],
  eu: ["eu-central-1", "eu-north-1", "eu-west-1", "eu-west-3"],
  apac: ["ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2"],
  jp: ["ap-northeast-1", "ap-northeast-3"],
  au: ["ap-southeast-2", "ap-southeast-4"],
  ca: ["ca-central-1", "ca-west-1"],
};

/** The geography prefix of the system-defined profiles a region offers: `us-east-2` -> `us`, `ap-south-1` -> `apac`. */
export function geographyOfRegion(region: string): string {
  if (region.startsWith("us-gov-")) return "us-gov";
  if (region.startsWith("ap-")) return "apac";
  return region.slice(0, region.indexOf("-"));
}

/** The foundation-model ARNs an inference profile routes to, guessed from its geography (see above). */
export function offlineProfileModelArns(profileId: string): string[] {
  const geography = PROFILE_PREFIX.exec(profileId)?.[1];
  const regions = geography === undefined ? undefined : OFFLINE_PROFILE_REGIONS[geography];
  if (regions === undefined) return [];
  const modelId = profileId.replace(PROFILE_PREFIX, "");
  return regions.map((region) => foundationModelArn(region, modelId));
}
