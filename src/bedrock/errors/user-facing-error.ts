/**
 * An expected refusal (no permission, unsupported file, spend cap, throttled): its message is a sentence a Discord user
 * understands, shown as is, without an error id.
 */
export class UserFacingError extends Error {
  override readonly name = "UserFacingError";

  /** @param userMessage shown to the user verbatim; also the `Error.message`. */
  constructor(
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
  }
}
