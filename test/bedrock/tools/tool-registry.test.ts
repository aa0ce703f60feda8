import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, selectEnabledTools, toolEnabled, ToolRegistry } from "../../../src/bedrock/tools/tool-registry.ts";

const echo = defineTool({
  name: "echo",
  description: "Echoes its input.",
  inputSchema: z.object({ words: z.string().describe("What to say"), times: z.int().min(1).default(1) }),
  run: ({ words, times }) => Array.from({ length: times }, () => words).join(" "),
});
const broken = defineTool({
  name: "broken",
  description: "Always fails.",
  inputSchema: z.object({}),
  run: () => {
    throw new Error("disk on fire");
  },
});
const structured = defineTool({ name: "structured", description: "Returns JSON.", inputSchema: z.object({}), run: () => ({ answer: 42 }) });

describe("ToolRegistry", () => {
  it("GIVEN tools WHEN asked for a toolConfiguration THEN each has its zod schema as JSON Schema (input side, no $schema)", () => {
    const registry = new ToolRegistry([echo]);

    expect(registry.toolConfiguration()).toEqual({
      tools: [
        {
          toolSpec: {
            name: "echo",
            description: "Echoes its input.",
            inputSchema: {
              json: {
                type: "object",
                properties: {
                  words: { type: "string", description: "What to say" },
                  times: { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1 },
                },
                required: ["words"],
              },
            },
          },
        },
      ],
    });
  });

  it("GIVEN no tools WHEN asked for a toolConfiguration THEN undefined (Bedrock rejects an empty tools list)", () => {
    expect(new ToolRegistry().toolConfiguration()).toEqual(undefined);
  });

  it("GIVEN an invalid or duplicate name WHEN registered THEN it throws", () => {
    expect(() => new ToolRegistry([{ ...echo, name: "has space" }])).toThrow("must match");
    expect(() => new ToolRegistry([echo, echo])).toThrow("registered twice");
  });

  it("GIVEN valid input WHEN run THEN a success toolResult with the schema's defaults applied", async () => {
    const run = await new ToolRegistry([echo]).run({ toolUseId: "t1", name: "echo", input: { words: "hi" } });

    expect(run).toEqual({ result: { toolUseId: "t1", content: [{ text: "hi" }], status: "success" }, status: "success", output: "hi" });
  });

  it("GIVEN an object result WHEN run THEN it is sent as json", async () => {
    const run = await new ToolRegistry([structured]).run({ toolUseId: "t1", name: "structured", input: {} });

    expect(run.result).toEqual({ toolUseId: "t1", content: [{ json: { answer: 42 } }], status: "success" });
  });

  it("GIVEN input failing the zod schema WHEN run THEN an error toolResult says what was wrong", async () => {
    const run = await new ToolRegistry([echo]).run({ toolUseId: "t1", name: "echo", input: { words: 3 } });

    expect(run.status).toEqual("error");
    expect(run.result.status).toEqual("error");
    expect(run.output).toMatch(/^Invalid input for echo:\n.*expected string.*words/s);
  });

  it("GIVEN a tool that throws WHEN run THEN an error toolResult carries the message", async () => {
    const run = await new ToolRegistry([broken]).run({ toolUseId: "t9", name: "broken", input: {} });

    expect(run).toEqual({
      result: { toolUseId: "t9", content: [{ text: "broken failed: disk on fire" }], status: "error" },
      status: "error",
      output: "broken failed: disk on fire",
    });
  });

  it("GIVEN an unknown tool or unparsable input WHEN run THEN an error toolResult, never a throw", async () => {
    const registry = new ToolRegistry([echo]);

    expect((await registry.run({ toolUseId: "t1", name: "nope", input: {} })).output).toEqual('There is no tool named "nope". Available tools: echo.');
    expect(
      (await registry.run({ toolUseId: "t2", name: "echo", input: {}, invalidInput: { raw: "{", message: "the tool input is not valid JSON" } })).output,
    ).toEqual("Invalid input for echo: the tool input is not valid JSON.");
  });
});

describe("selectEnabledTools", () => {
  it("GIVEN toggles WHEN applied THEN disabled tools are removed, others stay on, unknown names are warnings", () => {
    const { value, warnings } = selectEnabledTools(
      [echo, broken],
      [
        { name: "broken", enabled: false },
        { name: "echo", enabled: true },
        { name: "ecko", enabled: false },
      ],
    );

    expect(value.map((tool) => tool.name)).toEqual(["echo"]);
    expect(warnings).toEqual(['[[tools]] "ecko" is not a known tool (known: echo, broken); ignored.']);
  });
});

describe("per-conversation tools", () => {
  it("GIVEN a registry WHEN extended with more tools THEN the new registry has both and the original is unchanged", async () => {
    const shared = new ToolRegistry([echo]);
    const extended = shared.with([structured]);

    expect(extended.names).toEqual(["echo", "structured"]);
    expect(shared.names).toEqual(["echo"]);
    expect((await extended.run({ toolUseId: "t1", name: "structured", input: {} })).output).toBe('{"answer":42}');
    expect(() => shared.with([echo])).toThrow('tool "echo" is registered twice');
  });

  it("GIVEN toggles WHEN a later tool's name is alsoKnown THEN it is no warning, and toolEnabled applies its toggle", () => {
    const toggles = [{ name: "plan_batch", enabled: false }];
    expect(selectEnabledTools([echo], toggles, ["plan_batch"]).warnings).toEqual([]);
    expect(toolEnabled("plan_batch", toggles)).toBe(false);
    expect(toolEnabled("fetch_url", toggles)).toBe(true);
  });
});

describe("ToolRegistry with external tools", () => {
  const external = {
    name: "kb_search",
    description: "Searches the knowledge base.",
    jsonSchema: { type: "object", properties: { q: { type: "string" } } },
    call: (input: unknown) => Promise.resolve({ content: [{ text: `found ${JSON.stringify(input)}` }], status: "error" as const, output: "found" }),
  };

  it("GIVEN built-ins with an external tool added WHEN configured and run THEN its JSON Schema is sent as is and its result and status passed through", async () => {
    const registry = new ToolRegistry([echo]).with([external]);

    expect(registry.names).toEqual(["echo", "kb_search"]);
    expect(registry.toolConfiguration()?.tools?.[1]).toEqual({ toolSpec: { name: "kb_search", description: "Searches the knowledge base.", inputSchema: { json: external.jsonSchema } } });
    expect(await registry.run({ toolUseId: "t1", name: "kb_search", input: { q: "x" } })).toEqual({
      result: { toolUseId: "t1", content: [{ text: 'found {"q":"x"}' }], status: "error" },
      status: "error",
      output: "found",
    });
  });

  it("GIVEN an external tool that throws WHEN run THEN an error result naming it, the turn goes on", async () => {
    const registry = new ToolRegistry().with([{ ...external, call: () => Promise.reject(new Error("socket hang up")) }]);

    expect(await registry.run({ toolUseId: "t2", name: "kb_search", input: {} })).toMatchObject({ status: "error", output: "kb_search failed: socket hang up" });
  });
});
