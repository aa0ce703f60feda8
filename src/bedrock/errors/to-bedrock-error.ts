/**
 * Any error thrown around a Bedrock call -> a `BedrockError` whose `userMessage` tells a Discord user what happened
 * and, where it is a setup problem, what the admin must fix. AWS's exception name decides; the HTTP status is the
 * fallback for names we do not know. Works on SDK `ServiceException`s by shape, so it needs no SDK import.
 */
import { BedrockError, type BedrockErrorKind } from "./bedrock-error.ts";

export interface BedrockErrorContext {
  modelId: string;
  /** SDK operation name: `Converse`, `ConverseStream`... */
  operation: string;
  /** Set when the error came out of an already open response stream. */
  midStream?: boolean;
}

/** The fields of an SDK error we read; anything may be missing on non-SDK errors. */
interface ErrorShape {
  name?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  /** ModelStreamErrorException's cause: what the model itself answered. */
  originalStatusCode?: unknown;
  originalMessage?: unknown;
}

/**
 * Bedrock's answer to a model id it cannot resolve (a typo, an id that needs an inference profile, or a profile of
 * another region) is a ValidationException with this text, not a ResourceNotFoundException: it is the same setup
 * problem and gets the same advice.
 */
const INVALID_MODEL_ID = /provided model identifier is invalid/i;

/** IAM action each runtime operation needs (`InvokeModel` covers Converse; streams need their own action). */
const IAM_ACTION: Record<string, string> = {
  Converse: "bedrock:InvokeModel",
  ConverseStream: "bedrock:InvokeModelWithResponseStream",
  InvokeModel: "bedrock:InvokeModel",
  InvokeModelWithResponseStream: "bedrock:InvokeModelWithResponseStream",
};

const KIND_BY_NAME: Record<string, BedrockErrorKind> = {
  AccessDeniedException: "access_denied",
  UnrecognizedClientException: "credentials",
  InvalidSignatureException: "credentials",
  ExpiredTokenException: "credentials",
  CredentialsProviderError: "credentials",
  ResourceNotFoundException: "not_found",
  ThrottlingException: "throttled",
  TooManyRequestsException: "throttled",
  ServiceQuotaExceededException: "throttled",
  ValidationException: "validation",
  TimeoutError: "timeout",
  ModelTimeoutException: "timeout",
  ModelNotReadyException: "model",
  ModelErrorException: "model",
  ModelStreamErrorException: "model",
  InternalServerException: "service",
  ServiceUnavailableException: "service",
  AbortError: "aborted",
};

/** Kinds that are a plain refusal or a setup problem the user/admin can act on; the rest are logged with an id. */
const EXPECTED: ReadonlySet<BedrockErrorKind> = new Set(["access_denied", "credentials", "not_found", "throttled", "validation", "timeout", "aborted"]);

/** The SDK's words for an event-stream body that stopped inside a frame (the connection was cut). */
const TRUNCATED_STREAM = /truncated event message/i;

export function toBedrockError(err: unknown, context: BedrockErrorContext): BedrockError {
  if (err instanceof BedrockError) return err;
  const shape: ErrorShape = typeof err === "object" && err !== null ? err : {};
  const awsName = typeof shape.name === "string" && shape.name !== "Error" ? shape.name : "Error";
  const awsMessage = typeof shape.message === "string" && shape.message !== "" ? shape.message : String(err);
  const httpStatus = shape.$metadata?.httpStatusCode;
  const kind = kindOf(awsName, awsMessage, httpStatus);
  const original = {
    ...(typeof shape.originalStatusCode === "number" ? { originalStatusCode: shape.originalStatusCode } : {}),
    ...(typeof shape.originalMessage === "string" && shape.originalMessage !== "" ? { originalMessage: shape.originalMessage } : {}),
  };
  const details = { kind, awsName, awsMessage, httpStatus, attempts: shape.$metadata?.attempts, ...original, ...context };
  return new BedrockError(
    {
      ...details,
      requestId: shape.$metadata?.requestId,
      userMessage: userMessageFor(details),
      expected: EXPECTED.has(kind),
    },
    { cause: err },
  );
}

function kindOf(awsName: string, awsMessage: string, httpStatus: number | undefined): BedrockErrorKind {
  if (awsName === "ValidationException" && INVALID_MODEL_ID.test(awsMessage)) return "not_found";
  if (TRUNCATED_STREAM.test(awsMessage)) return "incomplete";
  return KIND_BY_NAME[awsName] ?? kindFromStatus(httpStatus);
}

function kindFromStatus(status: number | undefined): BedrockErrorKind {
  if (status === undefined) return "unknown";
  if (status === 403) return "access_denied";
  if (status === 404) return "not_found";
  if (status === 429) return "throttled";
  if (status === 408) return "timeout";
  if (status >= 500) return "service";
  if (status >= 400) return "validation";
  return "unknown";
}

interface MessageInput extends BedrockErrorContext {
  kind: BedrockErrorKind;
  awsName: string;
  awsMessage: string;
  attempts: number | undefined;
  originalStatusCode?: number;
  originalMessage?: string;
}

function userMessageFor(input: MessageInput): string {
  const { kind, modelId, awsName, awsMessage } = input;
  const model = `\`${modelId}\``;
  switch (kind) {
    case "access_denied":
      return accessDeniedMessage(input);
    case "credentials":
      return awsName === "CredentialsProviderError"
        ? "The bot has no usable AWS credentials: set api_key (+ extra_params.aws_secret_key), a profile, or the default AWS credential chain."
        : `AWS rejected the bot's credentials (${awsName}): check the provider's api_key, secret and session token.`;
    case "not_found":
      // AWS's text is kept: "model identifier is invalid" and "could not resolve the foundation model" point different ways.
      return `Bedrock has no model ${model} in this region (AWS: "${awsMessage}"): check model_identifier (some models need an inference profile id such as \`us.${modelId}\`, and a profile only works in its own geography) and the provider's region.`;
    case "throttled":
      if (awsName === "ServiceQuotaExceededException") return `A Bedrock service quota was reached for ${model}: ${awsMessage}`;
      return `Bedrock is throttling requests to ${model}${attemptsNote(input.attempts)}. Try again in a minute.`;
    case "validation":
      return `Bedrock rejected the request to ${model}: ${awsMessage}`;
    case "timeout":
      return `${model} did not answer in time${input.midStream === true ? " (the answer stopped mid-stream)" : ""}. Try again, or ask for something shorter.`;
    case "model":
      if (awsName === "ModelNotReadyException") return `${model} is not ready yet (it may be loading). Try again shortly.`;
      return `${model} failed while answering${input.midStream === true ? " (mid-stream)" : ""}: ${awsMessage}${originalNote(input)}`;
    case "incomplete":
      return `The answer from ${model} was cut off: the connection ended before Bedrock finished sending it (${awsMessage}). Try again.`;
    case "service":
      return `Bedrock had an internal problem (${awsName}). Try again in a moment.`;
    case "aborted":
      return "The request to Bedrock was cancelled.";
    case "unknown":
      return `Unexpected error calling Bedrock (${awsName}).`;
    default: {
      const unhandled: never = kind;
      return `Unexpected error calling Bedrock (${String(unhandled)}).`;
    }
  }
}

/** ModelStreamErrorException names what the model answered; that, not the wrapper's text, says what went wrong. */
function originalNote({ originalStatusCode, originalMessage }: MessageInput): string {
  if (originalStatusCode === undefined && originalMessage === undefined) return "";
  const status = originalStatusCode === undefined ? "" : ` ${originalStatusCode}`;
  return ` (the model answered${status}${originalMessage === undefined ? "" : `: ${originalMessage}`})`;
}

function attemptsNote(attempts: number | undefined): string {
  return attempts !== undefined && attempts > 1 ? ` (gave up after ${attempts} attempts)` : "";
}

/**
 * IAM: "User: arn:... is not authorized to perform: bedrock:InvokeModel on resource: arn:... because ...";
 * model access not enabled: "You don't have access to the model with the specified model ID.";
 * model access through an AWS Marketplace subscription not (yet) granted: "Model access is denied due to IAM user or
 * service role is not authorized to perform the required AWS Marketplace actions (...)". The last two are about the
 * account's model access, not IAM permissions to Bedrock, and AWS's own text names the fix, so it is quoted.
 */
function accessDeniedMessage({ modelId, operation, awsMessage }: MessageInput): string {
  const model = `\`${modelId}\``;
  if (/aws marketplace|aws-marketplace:|marketplace subscription/i.test(awsMessage)) {
    return (
      `Model access for ${model} is not enabled: its AWS Marketplace subscription is missing or not complete yet. An admin must enable the model ` +
      `once in the Bedrock console (Model access / Model catalog), or allow aws-marketplace:ViewSubscriptions and aws-marketplace:Subscribe to the ` +
      `identity that enables it, then wait a few minutes. AWS says: "${awsMessage}"`
    );
  }
  if (/don't have access to the model|do not have access to the model/i.test(awsMessage)) {
    return `Model access for ${model} is not enabled in this AWS account and region: an admin must enable it in the Bedrock console (Model access). AWS says: "${awsMessage}"`;
  }
  const denied = /not authorized to perform:?\s*(\S+)\s+on resource:?\s*(\S+)/i.exec(awsMessage);
  if (denied?.[1] !== undefined && denied[2] !== undefined) {
    return `The bot's AWS identity is not allowed to call ${denied[1]} on ${denied[2]} (model ${model}): an admin must grant it in IAM.`;
  }
  const action = IAM_ACTION[operation] ?? `bedrock:${operation}`;
  return `The bot's AWS identity is not allowed to use ${model}: it needs ${action} on the model (and on its inference profile), and model access enabled.`;
}
