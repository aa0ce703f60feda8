import { describe, expect, it } from "vitest";
import { describeProviderAuth } from "../../src/config/describe-provider-auth.ts";
import { providerSchema } from "../../src/config/schema.ts";

const provider = (fields: object) => providerSchema.parse({ name: "p", ...fields });

describe("describeProviderAuth", () => {
  it("GIVEN each way to authenticate WHEN described THEN the kind is named and no key or secret appears", () => {
    expect([
      describeProviderAuth(provider({})),
      describeProviderAuth(provider({ profile: "dev" })),
      describeProviderAuth(provider({ api_key: "AKIAEXAMPLE", extra_params: { aws_secret_key: "secret" } })),
      describeProviderAuth(provider({ api_key: "AKIAEXAMPLE", session_token: "token", extra_params: { aws_secret_key: "secret" } })),
      describeProviderAuth(provider({ api_key: "bedrock-api-key-123", api_key_type: "bedrock" })),
    ]).toEqual(["AWS default credential chain", 'profile "dev"', "access key", "access key + session token", "Bedrock API key"]);
  });
});
