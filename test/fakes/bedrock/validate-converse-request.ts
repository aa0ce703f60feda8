/**
 * The request rules Bedrock enforces on a Converse / ConverseStream body (as sent on the wire: modelId in the path,
 * bytes as base64), checked here so tests see the same ValidationException a real call would get. Written from the
 * AWS docs and the SDK's shapes on purpose: it must not share code with the project's own converters it checks.
 * Also usable on the `modelInput` of Converse-type batch records.
 */
import { validateCachePoint, validateMessageBlock, validateText, TOOL_NAME_PATTERN } from "./validate-content-block.ts";
import type { BlockSummary } from "./validate-content-block.ts";
import {
  ValidationProblem,
  dotPath,
  isObject,
  memberPath,
  reject,
  rejectConstraint,
  rejectExtraneousKeys,
  requireArray,
  requireEnum,
  requireObject,
  requireString,
  unionMember,
} from "./validation-problem.ts";

// Converse: <= 20 images and <= 5 documents per request.
const MAX_IMAGES = 20;
const MAX_DOCUMENTS = 5;

/** Top-level members of ConverseRequest other than `modelId`, which travels in the path. */
const REQUEST_KEYS = [
  "messages", "system", "inferenceConfig", "toolConfig", "guardrailConfig", "additionalModelRequestFields",
  "promptVariables", "additionalModelResponseFieldPaths", "requestMetadata", "performanceConfig", "serviceTier",
  "outputConfig",
] as const;

/** Returns the ValidationException message for the first rule the body breaks, or undefined when it is valid. */
export function validateConverseRequest(body: unknown): string | undefined {
  try {
    checkRequest(body);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationProblem) return error.message;
    throw error;
  }
}

function checkRequest(body: unknown): void {
  if (!isObject(body)) reject("Malformed input request: the request body must be a JSON object, please reformat your input and try again.");
  rejectExtraneousKeys(body, REQUEST_KEYS, "#");
  const summaries = checkMessages(body.messages);
  checkMediaCounts(summaries.flat());
  if (body.system !== undefined) checkSystem(body.system);
  if (body.inferenceConfig !== undefined) checkInferenceConfig(body.inferenceConfig);
  if (body.toolConfig !== undefined) checkToolConfig(body.toolConfig);
  const usesTools = summaries.flat().some((summary) => summary.kind === "toolUse" || summary.kind === "toolResult");
  if (usesTools && body.toolConfig === undefined) {
    reject("The toolConfig field must be defined when using toolUse and toolResult content blocks.");
  }
}

/** Returns, per message, what each block contributed. */
function checkMessages(value: unknown): BlockSummary[][] {
  const messages = requireArray(value ?? [], "messages");
  if (messages.length === 0) {
    reject("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
  }
  const summaries: BlockSummary[][] = [];
  let previousRole: string | undefined;
  messages.forEach((item, index) => {
    const message = requireObject(item, memberPath("messages", index));
    rejectExtraneousKeys(message, ["role", "content"], dotPath("messages", index));
    const role = requireEnum(message.role, ["user", "assistant"], memberPath("messages", index, "role"));
    if (index === 0 && role !== "user") {
      reject("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
    }
    if (role === previousRole) {
      reject("A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.");
    }
    previousRole = role;
    const content = requireArray(message.content, memberPath("messages", index, "content"));
    if (content.length === 0) {
      reject(`The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`);
    }
    const blocks = content.map((block, blockIndex) => validateMessageBlock(block, role, ["messages", index, "content", blockIndex]));
    if (blocks.some((block) => block.kind === "document") && !blocks.some((block) => block.kind === "text")) {
      reject(`The message at messages.${index} contains a document but no text block. A message with a document must also include a text block; add one and try again.`);
    }
    summaries.push(blocks);
  });
  checkToolPairing(summaries);
  return summaries;
}

/** Every toolResult answers a toolUse of the previous assistant turn, and every toolUse of that turn is answered. */
function checkToolPairing(summaries: BlockSummary[][]): void {
  summaries.forEach((blocks, index) => {
    const resultIds = blocks.flatMap((block) => (block.toolResultId === undefined ? [] : [block.toolResultId]));
    const previous = summaries[index - 1] ?? [];
    const useIds = previous.flatMap((block) => (block.toolUseId === undefined ? [] : [block.toolUseId]));
    const at = `messages.${index}.content`;
    if (resultIds.length > useIds.length) {
      reject(`The number of toolResult blocks at ${at} exceeds the number of toolUse blocks of previous turn.`);
    }
    // Unknown or duplicate ids leave some toolUse unanswered, so this also catches them.
    const unanswered = useIds.filter((id) => !resultIds.includes(id));
    if (unanswered.length > 0) reject(`Expected toolResult blocks at ${at} for the following Ids: ${unanswered.join(", ")}`);
  });
  // A trailing assistant turn with toolUse (no user turn after it yet) is allowed: nothing to answer it with.
}

function checkMediaCounts(blocks: BlockSummary[]): void {
  const images = blocks.reduce((sum, block) => sum + block.images, 0);
  if (images > MAX_IMAGES) {
    reject(`Too many images in the request: ${images} images were provided, but the maximum is ${MAX_IMAGES}. Reduce the number of images and try again.`);
  }
  const documents = blocks.reduce((sum, block) => sum + block.documents, 0);
  if (documents > MAX_DOCUMENTS) {
    reject(`Too many documents in the request: ${documents} documents were provided, but the maximum is ${MAX_DOCUMENTS}. Reduce the number of documents and try again.`);
  }
}

function checkSystem(value: unknown): void {
  requireArray(value, "system").forEach((item, index) => {
    const block = requireObject(item, memberPath("system", index));
    const kind = unionMember(block, ["text", "guardContent", "cachePoint"], dotPath("system", index));
    if (kind === "text") validateText(block.text, ["system", index]);
    if (kind === "cachePoint") validateCachePoint(block.cachePoint, ["system", index, "cachePoint"]);
  });
}

function checkInferenceConfig(value: unknown): void {
  const config = requireObject(value, "inferenceConfig");
  rejectExtraneousKeys(config, ["maxTokens", "temperature", "topP", "stopSequences"], "inferenceConfig");
  const { maxTokens, temperature, topP, stopSequences } = config;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)) {
    rejectConstraint("inferenceConfig.maxTokens", maxTokens, "Member must have value greater than or equal to 1");
  }
  for (const [name, number] of [["temperature", temperature], ["topP", topP]] as const) {
    if (number === undefined) continue;
    if (typeof number !== "number" || number < 0) rejectConstraint(`inferenceConfig.${name}`, number, "Member must have value greater than or equal to 0");
    if (number > 1) rejectConstraint(`inferenceConfig.${name}`, number, "Member must have value less than or equal to 1");
  }
  if (stopSequences !== undefined) {
    requireArray(stopSequences, "inferenceConfig.stopSequences").forEach((sequence, index) => {
      const path = memberPath("inferenceConfig", "stopSequences", index);
      if (requireString(sequence, path) === "") rejectConstraint(path, sequence, "Member must have length greater than or equal to 1");
    });
  }
}

function checkToolConfig(value: unknown): void {
  const config = requireObject(value, "toolConfig");
  rejectExtraneousKeys(config, ["tools", "toolChoice"], "toolConfig");
  const tools = requireArray(config.tools, "toolConfig.tools");
  if (tools.length === 0) rejectConstraint("toolConfig.tools", [], "Member must have length greater than or equal to 1");
  const names: string[] = [];
  tools.forEach((item, index) => {
    const tool = requireObject(item, memberPath("toolConfig", "tools", index));
    const kind = unionMember(tool, ["toolSpec", "systemTool", "cachePoint"], dotPath("toolConfig", "tools", index));
    if (kind !== "toolSpec") return;
    const at = ["toolConfig", "tools", index, "toolSpec"] as const;
    const spec = requireObject(tool.toolSpec, memberPath(...at));
    rejectExtraneousKeys(spec, ["name", "description", "inputSchema", "strict"], dotPath(...at));
    const name = requireString(spec.name, memberPath(...at, "name"));
    if (!TOOL_NAME_PATTERN.test(name)) {
      rejectConstraint(memberPath(...at, "name"), name, "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+ and have length between 1 and 64");
    }
    if (names.includes(name)) reject(`The toolConfig contains duplicate tool names: ${name}. Tool names must be unique.`);
    names.push(name);
    if (spec.description !== undefined && requireString(spec.description, memberPath(...at, "description")) === "") {
      rejectConstraint(memberPath(...at, "description"), "", "Member must have length greater than or equal to 1");
    }
    const schema = requireObject(spec.inputSchema, memberPath(...at, "inputSchema"));
    unionMember(schema, ["json"], dotPath(...at, "inputSchema"));
    const json = requireObject(schema.json, memberPath(...at, "inputSchema", "json"));
    // Bedrock (as Anthropic's models require) takes only object schemas at the top of a tool's input.
    if (json.type !== "object") rejectConstraint(memberPath(...at, "inputSchema", "json", "type"), json.type, "Member must be one of the following: object");
  });
  if (config.toolChoice !== undefined) checkToolChoice(config.toolChoice, names);
}

function checkToolChoice(value: unknown, names: string[]): void {
  const choice = requireObject(value, "toolConfig.toolChoice");
  const kind = unionMember(choice, ["auto", "any", "tool"], "toolConfig.toolChoice");
  if (kind !== "tool") return;
  const tool = requireObject(choice.tool, "toolConfig.toolChoice.tool");
  const name = requireString(tool.name, "toolConfig.toolChoice.tool.name");
  if (!names.includes(name)) reject(`The tool ${name} in toolConfig.toolChoice is not defined in toolConfig.tools.`);
}
