/**
 * AWS errors as the restJson1 protocol sends them: status code, `x-amzn-errortype`, `x-amzn-requestid`, and a JSON body
 * `{"message": ...}`. The SDK takes the exception name from the header (cutting at ":"), so the header carries the
 * same `Name:namespace-url` suffix real services send, to keep that parsing path exercised.
 */
import type { FakeHttpResponse } from "./server.ts";

export interface AwsError {
  status: number;
  /** Exception name, e.g. "ValidationException". */
  type: string;
  message: string;
}

/** What Bedrock says when a fault is injected without a message. */
const DEFAULT_MESSAGES: Record<string, string> = {
  ThrottlingException: "Too many requests, please wait before trying again.",
  ServiceUnavailableException: "Bedrock is unable to process your request.",
  InternalServerException: "The server encountered an internal error while processing the request.",
  ModelTimeoutException: "Model has timed out in processing the request. Try your request again.",
  ModelNotReadyException: "Model is not ready to serve inference requests. Try again later.",
  ModelErrorException: "The model encountered an error processing the request.",
  AccessDeniedException: "You don't have access to the model with the specified model ID.",
  ResourceNotFoundException: "Could not resolve the foundation model from the provided model identifier.",
  ServiceQuotaExceededException: "Your request exceeds the service quota for your account.",
  ValidationException: "The provided request is not valid.",
  ModelStreamErrorException: "The model stream returned an error.",
};

export function defaultErrorMessage(type: string): string {
  return DEFAULT_MESSAGES[type] ?? `Injected ${type}.`;
}

export function validationError(message: string): AwsError {
  return { status: 400, type: "ValidationException", message };
}

export function sendAwsError(response: FakeHttpResponse, error: AwsError, requestId: string): void {
  response.send(
    error.status,
    {
      "content-type": "application/json",
      "x-amzn-requestid": requestId,
      "x-amzn-errortype": `${error.type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    },
    JSON.stringify({ message: error.message }),
  );
}
