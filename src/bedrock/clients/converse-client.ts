/** Adapts the SDK's `BedrockRuntimeClient` to the two calls `converse()` needs. */
import { ConverseCommand, ConverseStreamCommand, type BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { ConverseClient } from "../converse/converse.ts";

export function createConverseClient(runtime: BedrockRuntimeClient): ConverseClient {
  return {
    converse: (input, options) => runtime.send(new ConverseCommand(input), options),
    converseStream: (input, options) => runtime.send(new ConverseStreamCommand(input), options),
  };
}
