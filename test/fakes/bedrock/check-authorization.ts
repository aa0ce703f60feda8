/**
 * The fake's authentication: a request must carry SigV4 (`AWS4-HMAC-SHA256 Credential=AKID/date/region/bedrock/
 * aws4_request, SignedHeaders=..., Signature=...`) or a Bedrock API key (`Bearer ...`). Signatures are not verified
 * (any credentials work); the shape and the signing service name are, since a wrong one means our client is
 * misconfigured. Refusals use the exception names and messages AWS sends with status 403.
 */
import type { AwsError } from "./errors.ts";

const SIGV4_PATTERN = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=[^,\s]+,\s*Signature=[0-9a-f]{64}$/;

/** Returns the 403 to answer with, or undefined when the header is acceptable. */
export function checkAuthorization(headers: Record<string, string>, signingName = "bedrock"): AwsError | undefined {
  const authorization = headers.authorization;
  if (authorization === undefined || authorization.trim() === "") {
    return { status: 403, type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" };
  }
  if (authorization.startsWith("Bearer ")) {
    return authorization.slice("Bearer ".length).trim() === ""
      ? { status: 403, type: "UnrecognizedClientException", message: "The security token included in the request is invalid." }
      : undefined;
  }
  const sigv4 = SIGV4_PATTERN.exec(authorization);
  if (sigv4 === null) {
    return {
      status: 403,
      type: "IncompleteSignatureException",
      message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters (AWS4-HMAC-SHA256) or a Bearer token. Authorization=${authorization.split(" ")[0] ?? ""}`,
    };
  }
  const service = sigv4[4];
  if (service !== signingName) {
    return {
      status: 403,
      type: "InvalidSignatureException",
      message: `Credential should be scoped to correct service: '${signingName}'. `,
    };
  }
  return undefined;
}
