/* eslint-disable no-template-curly-in-string -- these tests are about the literal ${ENV} syntax of config strings */
import { describe, expect, it } from "vitest";
import { resolveEnvReferences, resolveEnvString } from "../../src/config/resolve-env-references.ts";

describe("resolveEnvString", () => {
  it("GIVEN a whole-string reference to a set variable WHEN resolved THEN its value is used", () => {
    expect(resolveEnvString("${KEY}", { KEY: "s3cret" })).toEqual({ value: "s3cret", problems: [] });
  });

  it("GIVEN references inside a longer string WHEN resolved THEN each is replaced in place", () => {
    expect(resolveEnvString("arn:aws:iam::${ACCOUNT}:role/${ROLE}", { ACCOUNT: "123456789012", ROLE: "Batch" })).toEqual({
      value: "arn:aws:iam::123456789012:role/Batch",
      problems: [],
    });
  });

  it("GIVEN a fallback WHEN the variable is unset or empty THEN the fallback is used, like the shell's :-", () => {
    expect(resolveEnvString("${AWS_REGION:-us-east-1}", {})).toEqual({ value: "us-east-1", problems: [] });
    expect(resolveEnvString("${AWS_REGION:-us-east-1}", { AWS_REGION: "" })).toEqual({ value: "us-east-1", problems: [] });
    expect(resolveEnvString("${AWS_REGION:-us-east-1}", { AWS_REGION: "eu-west-1" })).toEqual({ value: "eu-west-1", problems: [] });
    expect(resolveEnvString("${EMPTY_OK:-}", {})).toEqual({ value: "", problems: [] });
  });

  it("GIVEN a variable set to the empty string and no fallback WHEN resolved THEN the empty string is used", () => {
    expect(resolveEnvString("${KEY}", { KEY: "" })).toEqual({ value: "", problems: [] });
  });

  it("GIVEN an unset variable without fallback WHEN resolved THEN the problem names it and the text is kept", () => {
    expect(resolveEnvString("${BEDROCK_KEY}", {})).toEqual({
      value: "${BEDROCK_KEY}",
      problems: ["refers to ${BEDROCK_KEY}, but the environment variable BEDROCK_KEY is not set (write ${BEDROCK_KEY:-default} for a fallback)"],
    });
  });

  it("GIVEN $${ WHEN resolved THEN a literal ${ is written", () => {
    expect(resolveEnvString("cost: $${PRICE} and ${X}", { X: "x" })).toEqual({ value: "cost: ${PRICE} and x", problems: [] });
  });

  it("GIVEN malformed references WHEN resolved THEN each is reported and kept as written", () => {
    expect(resolveEnvString("a ${not valid} b ${OPEN", {})).toEqual({
      value: "a ${not valid} b ${OPEN",
      problems: [
        'has a malformed reference "${not valid}" (expected ${NAME} or ${NAME:-default}; write $${ for a literal ${)',
        'has a malformed reference "${OPEN" (expected ${NAME} or ${NAME:-default}; write $${ for a literal ${)',
      ],
    });
  });
});

describe("resolveEnvReferences", () => {
  it("GIVEN a document WHEN resolved THEN strings in tables and arrays are replaced, other values kept, and issues carry their paths", () => {
    const document = {
      api_providers: [{ name: "p", api_key: "${KEY}", extra_params: { region: "${REGION:-us-west-2}" }, timeout: 5 }],
      bot: { admins: ["${ADMIN}", "42"] },
    };
    const resolved = resolveEnvReferences(document, { KEY: "k" });
    expect(resolved.value).toEqual({
      api_providers: [{ name: "p", api_key: "k", extra_params: { region: "us-west-2" }, timeout: 5 }],
      bot: { admins: ["${ADMIN}", "42"] },
    });
    expect(resolved.issues).toEqual([
      {
        path: ["bot", "admins", 0],
        message: "bot.admins[0] refers to ${ADMIN}, but the environment variable ADMIN is not set (write ${ADMIN:-default} for a fallback)",
      },
    ]);
    expect([...resolved.written]).toEqual([
      ["api_providers[0].api_key", "${KEY}"],
      ["api_providers[0].extra_params.region", "${REGION:-us-west-2}"],
      ["bot.admins[0]", "${ADMIN}"],
    ]);
  });

  it("GIVEN a document WHEN resolved THEN the input is not modified", () => {
    const document = { a: "${X}" };
    resolveEnvReferences(document, { X: "1" });
    expect(document).toEqual({ a: "${X}" });
  });
});
