/**
 * A thrown error -> the one line the user sees under the (partial) answer. Expected refusals
 * (`UserFacingError`, a `BedrockError` marked expected) are shown as they are; anything else gets an error id, which
 * the edge also logs with the error, so a report in Discord can be found in the logs. A cancelled request (the Stop
 * button) reads as stopped, not as a failure.
 */
import { BedrockError } from "../../bedrock/errors/bedrock-error.ts";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import { FAILURE_MARK, STOPPED_MARK } from "./chat-decorations.ts";

export interface RenderedFailure {
  /** The line to show, e.g. `❌ Bedrock is throttling requests to ... Try again in a minute.` */
  text: string;
  /** False: log the error with the id shown. */
  expected: boolean;
}

/** AWS validation messages can run long; one line under an answer should not. */
const MAX_MESSAGE = 400;

export function renderFailure(error: unknown, errorId: string): RenderedFailure {
  if (error instanceof UserFacingError) return { text: FAILURE_MARK + oneLine(error.userMessage), expected: true };
  if (isAbort(error)) return { text: `${STOPPED_MARK}Stopped.`, expected: true };
  if (error instanceof BedrockError) {
    const message = FAILURE_MARK + oneLine(error.userMessage);
    return error.expected ? { text: message, expected: true } : { text: `${message} (error id ${errorId})`, expected: false };
  }
  return { text: `${FAILURE_MARK}Something went wrong while answering (error id ${errorId}).`, expected: false };
}

function isAbort(error: unknown): boolean {
  if (error instanceof BedrockError) return error.kind === "aborted";
  return error instanceof Error && error.name === "AbortError";
}

function oneLine(message: string): string {
  const line = message.replace(/\s*\n\s*/g, " ").trim();
  if (line.length <= MAX_MESSAGE) return line;
  const cut = /[\ud800-\udbff]/.test(line.charAt(MAX_MESSAGE - 2)) ? MAX_MESSAGE - 2 : MAX_MESSAGE - 1; // keep surrogate pairs whole
  return `${line.slice(0, cut).trimEnd()}…`;
}
