/**
 * How a subcommand's work ends: a returned number is the exit code; an expected refusal (UserFacingError,
 * BedrockError) becomes one `error:` line and exit code 1; anything else is a bug and keeps its stack.
 */
import { BedrockError } from "../bedrock/errors/bedrock-error.ts";
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";

/** `newlineFirst`: the error may interrupt a streamed answer mid-line (`ask`), so start a line of its own. */
export async function runCliAction(work: () => Promise<number | void>, options: { newlineFirst?: boolean } = {}): Promise<void> {
  try {
    const code = await work();
    if (typeof code === "number" && code !== 0) process.exitCode = code;
  } catch (error) {
    if (error instanceof UserFacingError || error instanceof BedrockError) {
      process.stderr.write(`${options.newlineFirst === true ? "\n" : ""}error: ${error instanceof BedrockError ? error.userMessage : error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
