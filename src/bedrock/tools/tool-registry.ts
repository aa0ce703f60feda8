/**
 * Typed tools the model may call: a name, a description, a zod input schema (sent as JSON Schema) and a `run`
 * function. The registry answers a model's `toolUse` with a `toolResult`: `status: "error"` and the reason when the
 * tool is unknown, its input fails validation, or it throws, so the model can correct itself instead of the turn
 * failing. Built-ins live in `builtin/`; later features register more tools here. Tools of other programs (MCP
 * servers) come as `ExternalTool`s: a JSON Schema instead of a zod one, checked by the program that runs them.
 */
import type { ToolConfiguration, ToolInputSchema, ToolResultBlock, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { z } from "zod";
import type { ToolToggle } from "../../config/schema.ts";
import type { ToolCall } from "../converse/converse-events.ts";
import { errorMessage } from "../../format/error-message.ts";

/** Converse: tool names are `[a-zA-Z0-9_-]{1,64}`. */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export interface ToolContext {
  toolUseId: string;
  abortSignal?: AbortSignal;
}

/** A tool. `run` returns a string (sent as text) or a JSON value (objects are sent as `json`). */
export interface Tool<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** What the tool does and when to use it: the model reads this. */
  description: string;
  inputSchema: Schema;
  run(input: z.output<Schema>, context: ToolContext): unknown;
}

/** Identity helper that infers `run`'s input type from the schema. */
export function defineTool<Schema extends z.ZodType>(tool: Tool<Schema>): Tool<Schema> {
  return tool;
}

/**
 * A tool run elsewhere (an MCP server): described by a JSON Schema, its input passed on as the model sent it (the
 * other side validates it), and its result already in Converse blocks (it may carry images or an error status).
 */
export interface ExternalTool {
  name: string;
  description: string;
  jsonSchema: ToolInputSchema.JsonMember["json"];
  call(input: unknown, context: ToolContext): Promise<{ content: ToolResultContentBlock[]; status: "success" | "error"; output: string }>;
}

type AnyTool = Tool | ExternalTool;

export interface ToolRun {
  /** The block to send back in the next user message. */
  result: ToolResultBlock;
  status: "success" | "error";
  /** The result as text, for logs and "used calculator: 63". */
  output: string;
}

export class ToolRegistry {
  readonly #tools = new Map<string, AnyTool>();

  constructor(tools: Iterable<AnyTool> = []) {
    for (const tool of tools) this.register(tool);
  }

  register(tool: AnyTool): this {
    if (!TOOL_NAME.test(tool.name)) throw new Error(`tool name "${tool.name}" must match [a-zA-Z0-9_-]{1,64}`);
    if (this.#tools.has(tool.name)) throw new Error(`tool "${tool.name}" is registered twice`);
    this.#tools.set(tool.name, tool);
    return this;
  }

  get names(): string[] {
    return [...this.#tools.keys()];
  }

  /**
   * A new registry with these tools and `more`: how a front end adds the tools of one answer (the MCP tools usable
   * in its place, the tools that need its asker and files) to the tools every conversation gets.
   */
  with(more: Iterable<AnyTool>): ToolRegistry {
    return new ToolRegistry([...this.#tools.values(), ...more]);
  }

  /** Converse `toolConfig`; `undefined` when there are no tools (an empty `tools` list is rejected). */
  toolConfiguration(): ToolConfiguration | undefined {
    if (this.#tools.size === 0) return undefined;
    return {
      tools: [...this.#tools.values()].map((tool) => ({
        toolSpec: { name: tool.name, description: tool.description, inputSchema: { json: "call" in tool ? tool.jsonSchema : inputJsonSchema(tool.inputSchema) } },
      })),
    };
  }

  /** Runs one call; never throws. */
  async run(call: ToolCall, abortSignal?: AbortSignal): Promise<ToolRun> {
    const tool = this.#tools.get(call.name);
    if (tool === undefined) return failure(call, `There is no tool named "${call.name}". Available tools: ${this.names.join(", ") || "none"}.`);
    if (call.invalidInput !== undefined) return failure(call, `Invalid input for ${call.name}: ${call.invalidInput.message}.`);
    const context = { toolUseId: call.toolUseId, ...(abortSignal === undefined ? {} : { abortSignal }) };
    if ("call" in tool) return runExternal(tool, call, context);
    const parsed = tool.inputSchema.safeParse(call.input);
    if (!parsed.success) return failure(call, `Invalid input for ${call.name}:\n${z.prettifyError(parsed.error)}`);
    try {
      const value: unknown = await tool.run(parsed.data, context);
      return success(call, value);
    } catch (error) {
      return failure(call, `${call.name} failed: ${errorMessage(error)}`);
    }
  }
}

/** JSON Schema of what the model must send (the schema's input side), without the `$schema` header. */
export function inputJsonSchema(schema: z.ZodType): ToolInputSchema.JsonMember["json"] {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: "input" });
  return json as ToolInputSchema.JsonMember["json"];
}

/**
 * Applies `[[tools]]` toggles: tools are on unless a toggle turns them off. A toggle naming no known tool is a
 * warning (a typo would otherwise silently leave a tool on). `alsoKnown`: names of tools made later, per conversation
 * (`toolEnabled` applies the toggles to them).
 */
export function selectEnabledTools(tools: readonly Tool[], toggles: readonly ToolToggle[], alsoKnown: readonly string[] = []): { value: Tool[]; warnings: string[] } {
  const known = new Set([...tools.map((tool) => tool.name), ...alsoKnown]);
  const disabled = new Set(toggles.filter((toggle) => !toggle.enabled).map((toggle) => toggle.name));
  const warnings = toggles
    .filter((toggle) => !known.has(toggle.name))
    .map((toggle) => `[[tools]] "${toggle.name}" is not a known tool (known: ${[...known].join(", ")}); ignored.`);
  return { value: tools.filter((tool) => !disabled.has(tool.name)), warnings };
}

/** Whether `[[tools]]` leaves the tool `name` on. */
export function toolEnabled(name: string, toggles: readonly ToolToggle[]): boolean {
  return !toggles.some((toggle) => toggle.name === name && !toggle.enabled);
}

async function runExternal(tool: ExternalTool, call: ToolCall, context: ToolContext): Promise<ToolRun> {
  try {
    const { content, status, output } = await tool.call(call.input, context);
    return { result: { toolUseId: call.toolUseId, content, status }, status, output };
  } catch (error) {
    return failure(call, `${call.name} failed: ${errorMessage(error)}`);
  }
}

function success(call: ToolCall, value: unknown): ToolRun {
  const content: ToolResultContentBlock[] = [];
  let output: string;
  if (typeof value === "string") {
    output = value === "" ? "(no output)" : value; // Bedrock rejects blank text blocks
    content.push({ text: output });
  } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    output = JSON.stringify(value);
    content.push({ json: value as ToolResultContentBlock.JsonMember["json"] });
  } else {
    output = value === undefined ? "(no output)" : JSON.stringify(value);
    content.push({ text: output });
  }
  return { result: { toolUseId: call.toolUseId, content, status: "success" }, status: "success", output };
}

function failure(call: ToolCall, message: string): ToolRun {
  return { result: { toolUseId: call.toolUseId, content: [{ text: message }], status: "error" }, status: "error", output: message };
}
