import { describe, expect, it } from "vitest";
import { providerSchema } from "../../src/config/schema.ts";
import { findAwsCredentialSource, parseAwsProfileNames } from "../../src/startup/find-aws-credential-source.ts";

const provider = (fields: Record<string, unknown>) => providerSchema.parse({ name: "p", ...fields });
const none = { env: {}, profiles: new Set<string>() };

describe("findAwsCredentialSource", () => {
  it("GIVEN a Bedrock API key THEN bearer auth, and an empty one is incomplete", () => {
    expect(findAwsCredentialSource(provider({ api_key_type: "bedrock", api_key: "k" }), none)).toEqual({ kind: "bedrock_api_key" });
    expect(findAwsCredentialSource(provider({ api_key_type: "bedrock" }), none).kind).toBe("incomplete");
  });

  it("GIVEN an access key without its secret THEN incomplete, naming the missing key", () => {
    expect(findAwsCredentialSource(provider({ api_key: "AKIA" }), none)).toEqual({
      kind: "incomplete",
      problem: "api_key (access key id) is set but extra_params.aws_secret_key is empty",
    });
    expect(findAwsCredentialSource(provider({ api_key: "AKIA", extra_params: { aws_secret_key: "s" } }), none)).toEqual({ kind: "static_keys" });
  });

  it("GIVEN a configured profile THEN it reports whether the shared files define it", () => {
    const profiles = new Set(["work"]);
    expect(findAwsCredentialSource(provider({ profile: "work" }), { env: {}, profiles })).toEqual({ kind: "profile", profile: "work", found: true });
    expect(findAwsCredentialSource(provider({ profile: "home" }), { env: {}, profiles })).toEqual({ kind: "profile", profile: "home", found: false });
  });

  it("GIVEN an empty api_key THEN the default chain's environment variables are used in the chain's order", () => {
    expect(findAwsCredentialSource(provider({}), { env: { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" }, profiles: new Set() })).toEqual({ kind: "environment", variable: "AWS_ACCESS_KEY_ID" });
    expect(findAwsCredentialSource(provider({}), { env: { AWS_ACCESS_KEY_ID: "a" }, profiles: new Set() }).kind).toBe("incomplete");
    expect(findAwsCredentialSource(provider({}), { env: { AWS_PROFILE: "x" }, profiles: new Set(["x"]) })).toEqual({ kind: "profile", profile: "x", found: true });
    expect(findAwsCredentialSource(provider({}), { env: {}, profiles: new Set(["default"]) })).toEqual({ kind: "profile", profile: "default", found: true });
    expect(findAwsCredentialSource(provider({}), none)).toEqual({ kind: "role_or_none" });
  });
});

describe("parseAwsProfileNames", () => {
  it("GIVEN ~/.aws/config and credentials text THEN profile names from both", () => {
    const config = "[default]\nregion = us-east-1\n[profile work]\nsso_start_url = x\n";
    const credentials = "[ci]\naws_access_key_id = A\n";
    expect([...parseAwsProfileNames(config, credentials)].sort()).toEqual(["ci", "default", "work"]);
  });
});
