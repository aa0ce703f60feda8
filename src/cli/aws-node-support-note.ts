/**
 * On Node < 22 the AWS SDK prints a 9-line NodeVersionSupportWarning in every process that creates a client. The CLI
 * turns it off and prints one line of its own instead, and only when a command is about to talk to AWS: `--help`,
 * `config` and `commands` stay quiet, and `ask` / `batch` output stays readable. Done in the CLI only, never in the
 * library: a host bot's environment is the host's business. A user who set the SDK's variable has chosen; we leave it.
 */

/** The SDK skips its warning when this is "true" (@aws-sdk/core, emitWarningIfUnsupportedVersion). */
const SDK_WARNING_SWITCH = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

/** The Node major the SDK's releases after early January 2027 need. */
const SDK_NODE_MAJOR = 22;

/** Our line for Node `nodeVersion` (`process.versions.node`), or none when the SDK has nothing to warn about. */
export function awsNodeSupportNote(nodeVersion: string, supportedRange: string): string | undefined {
  const major = Number.parseInt(nodeVersion, 10);
  if (Number.isNaN(major) || major >= SDK_NODE_MAJOR) return undefined;
  return `note: Node ${major} reached end of life; AWS SDK releases after early January 2027 need Node >= ${SDK_NODE_MAJOR} — this release still runs on Node ${supportedRange}, upgrade to Node 22 or 24.`;
}

/** Set by `takeOverAwsNodeWarning`, printed (once) by `printAwsNodeNote`. */
let pendingNote: string | undefined;

/**
 * At CLI start: when the SDK would warn and the user has not set its variable, set it and keep our line for later.
 * `supportedRange` is package.json's `engines.node`.
 */
export function takeOverAwsNodeWarning(env: Record<string, string | undefined>, nodeVersion: string, supportedRange: string): void {
  const note = awsNodeSupportNote(nodeVersion, supportedRange);
  if (note === undefined || env[SDK_WARNING_SWITCH] !== undefined) return;
  env[SDK_WARNING_SWITCH] = "true";
  pendingNote = note;
}

/** Called where a command opens its AWS clients; prints the line at most once per process. */
export function printAwsNodeNote(): void {
  if (pendingNote === undefined) return;
  process.stderr.write(`${pendingNote}\n`);
  pendingNote = undefined;
}
