/**
 * The process logger: JSON lines (pino) on stderr, so `--json` output of CLI commands on stdout stays clean.
 * Secrets are redacted by key name wherever they appear in a logged object: config objects, AWS errors carrying
 * request headers, Discord REST options. Logging a whole provider config is therefore safe. Then every line, as
 * written, is scrubbed of the known secret values and of anything shaped like a credential (scrub-log-secrets.ts).
 */
import { pino, type Logger } from "pino";
import { scrubLogSecrets, secretsFromEnv } from "./scrub-log-secrets.ts";

export type { Logger };

/** Key names whose values never reach a log line, at any depth we log (pino redaction needs explicit depths). */
const SECRET_KEYS = ["api_key", "aws_secret_key", "session_token", "token", "authorization", "Authorization", "secretAccessKey", "sessionToken"];
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export interface LoggerOptions {
  /** pino level; default from env LOG_LEVEL, else "info". */
  level?: string;
  /** Where lines go; default stderr. Tests pass a stream to assert on redaction. */
  destination?: NodeJS.WritableStream;
  /** Secret values never to write (e.g. the config's keys), besides those of DISCORD_TOKEN, AWS_* in the environment. */
  secrets?: readonly string[];
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = [...secretsFromEnv(process.env), ...(options.secrets ?? [])];
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      hooks: { streamWrite: (line) => scrubLogSecrets(line, secrets) },
    },
    options.destination ?? pino.destination(2),
  );
}
