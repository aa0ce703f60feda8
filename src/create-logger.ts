/**
 * The process logger: JSON lines (pino) on stderr, so `--json` output of CLI commands on stdout stays clean.
 * Secrets are redacted by key name wherever they appear in a logged object: config objects, AWS errors carrying
 * request headers, Discord REST options. Logging a whole provider config is therefore safe.
 */
import { pino, type Logger } from "pino";

export type { Logger };

/** Key names whose values never reach a log line, at any depth we log (pino redaction needs explicit depths). */
const SECRET_KEYS = ["api_key", "aws_secret_key", "session_token", "token", "authorization", "Authorization", "secretAccessKey", "sessionToken"];
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export interface LoggerOptions {
  /** pino level; default from env LOG_LEVEL, else "info". */
  level?: string;
  /** Where lines go; default stderr. Tests pass a stream to assert on redaction. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    { level: options.level ?? process.env.LOG_LEVEL ?? "info", redact: { paths: REDACT_PATHS, censor: "[redacted]" } },
    options.destination ?? pino.destination(2),
  );
}
