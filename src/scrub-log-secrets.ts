/**
 * The last line of defence for secrets in logs: every log line, as written, loses the values of known secrets and
 * anything shaped like a credential — whatever object it came from (SDK errors carrying requests, Discord REST
 * errors, presigned URLs inside messages, a token pasted into a string). Key-name redaction (create-logger.ts) keeps
 * the lines readable; this catches what key names cannot. Pure.
 */

const REDACTED = "[redacted]";

/** Shapes of credentials, each replaced whole (or the secret part after a kept prefix, `$1`). */
const SECRET_SHAPES: readonly [RegExp, string][] = [
  // Presigned URLs (SigV4 query auth): signature, credential scope with the access key id, session token.
  [/(X-Amz-Signature=)[0-9a-fA-F]+/g, `$1${REDACTED}`],
  [/(X-Amz-Credential=)[^&"\s\\]+/g, `$1${REDACTED}`],
  [/(X-Amz-Security-Token=)[^&"\s\\]+/g, `$1${REDACTED}`],
  // SigV4 Authorization headers.
  [/(Credential=)[A-Z0-9]{16,128}\//g, `$1${REDACTED}/`],
  [/(Signature=)[0-9a-f]{64}/g, `$1${REDACTED}`],
  // AWS access key ids (long-term AKIA, temporary ASIA).
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
  // Bedrock API keys: long-term `ABSK...` (base64), short-term `bedrock-api-key-...`.
  [/\bABSK[A-Za-z0-9+/=]{16,}/g, REDACTED],
  [/\bbedrock-api-key-[A-Za-z0-9+/=._%-]+/g, REDACTED],
  // Discord bot tokens: base64 user id . timestamp . HMAC.
  [/\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g, REDACTED],
  // Authorization header values.
  [/\b(Bot|Bearer) [A-Za-z0-9+/=._-]{8,}/g, `$1 ${REDACTED}`],
];

/** Secrets shorter than this are not scrubbed by value: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 8;

export function scrubLogSecrets(line: string, knownSecrets: readonly string[]): string {
  let text = line;
  for (const secret of knownSecrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    // As it appears inside a JSON string, escapes included.
    const escaped = JSON.stringify(secret).slice(1, -1);
    text = text.split(escaped).join(REDACTED);
    if (escaped !== secret) text = text.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of SECRET_SHAPES) text = text.replace(pattern, replacement);
  return text;
}

/** Environment variables whose values are secrets wherever they show up. */
const SECRET_ENV_NAMES = ["DISCORD_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_BEARER_TOKEN_BEDROCK"] as const;

export function secretsFromEnv(env: Record<string, string | undefined>): string[] {
  return SECRET_ENV_NAMES.flatMap((name) => {
    const value = env[name];
    return value === undefined || value === "" ? [] : [value];
  });
}
