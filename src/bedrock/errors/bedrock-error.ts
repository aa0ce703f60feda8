/**
 * A failed Bedrock call, identified well enough to act on: which model and operation, AWS's exception name, HTTP
 * status and request id (quote it to AWS support), and a sentence for the user. The SDK error is kept as `cause`.
 */

/** What went wrong, coarse enough for the bot to choose how to show it. */
export type BedrockErrorKind =
  /** IAM denies the action, or model access is not enabled. */
  | "access_denied"
  /** Bad, expired or missing credentials. */
  | "credentials"
  /** Unknown model id / inference profile in this region. */
  | "not_found"
  /** Throttled (still, after the SDK's retries) or a service quota hit. */
  | "throttled"
  /** Bedrock rejected the request as malformed; AWS's message says what. */
  | "validation"
  /** No answer in time (client timeout or ModelTimeoutException). */
  | "timeout"
  /** The model failed (ModelErrorException, ModelStreamErrorException, ModelNotReadyException). */
  | "model"
  /** Bedrock itself failed (5xx). */
  | "service"
  /** The response stream ended before the answer was complete (connection cut: no messageStop / a truncated frame). */
  | "incomplete"
  /** The caller aborted the request. */
  | "aborted"
  | "unknown";

export interface BedrockErrorDetails {
  kind: BedrockErrorKind;
  /** Model id, inference profile or ARN the call was for. */
  modelId: string;
  /** SDK operation: `Converse`, `ConverseStream`, `CreateModelInvocationJob`... */
  operation: string;
  /** AWS exception name (`ThrottlingException`) or the JS error name (`TimeoutError`). */
  awsName: string;
  /** AWS's own message. */
  awsMessage: string;
  httpStatus?: number;
  requestId?: string;
  /** Attempts the SDK made (1 + retries), when known. */
  attempts?: number;
  /** True when the error arrived inside an open response stream (after some output). */
  midStream?: boolean;
  /** ModelStreamErrorException: the status code and message the model itself failed with. */
  originalStatusCode?: number;
  originalMessage?: string;
  /** A sentence a Discord user understands. */
  userMessage: string;
  /** Expected refusals (access, throttling, validation...) are shown plainly; the rest are logged with an id. */
  expected: boolean;
}

export class BedrockError extends Error {
  override readonly name = "BedrockError";
  readonly kind: BedrockErrorKind;
  readonly modelId: string;
  readonly operation: string;
  readonly awsName: string;
  readonly awsMessage: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number | undefined;
  readonly midStream: boolean;
  readonly originalStatusCode: number | undefined;
  readonly originalMessage: string | undefined;
  readonly userMessage: string;
  readonly expected: boolean;

  constructor(details: BedrockErrorDetails, options?: { cause?: unknown }) {
    const status = details.httpStatus === undefined ? "" : ` HTTP ${details.httpStatus}`;
    const request = details.requestId === undefined ? "" : ` request ${details.requestId}`;
    super(`${details.operation} ${details.modelId}: ${details.awsName}${status}${request}: ${details.awsMessage}`, options);
    this.kind = details.kind;
    this.modelId = details.modelId;
    this.operation = details.operation;
    this.awsName = details.awsName;
    this.awsMessage = details.awsMessage;
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
    this.attempts = details.attempts;
    this.midStream = details.midStream ?? false;
    this.originalStatusCode = details.originalStatusCode;
    this.originalMessage = details.originalMessage;
    this.userMessage = details.userMessage;
    this.expected = details.expected;
  }
}
