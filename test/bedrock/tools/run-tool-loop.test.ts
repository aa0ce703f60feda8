import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createCalculatorTool } from "../../../src/bedrock/tools/builtin/calculator.ts";
import { runToolLoop } from "../../../src/bedrock/tools/run-tool-loop.ts";
import { defineTool, ToolRegistry } from "../../../src/bedrock/tools/tool-registry.ts";
import { collect, fakeConverseClient, testModel, type ScriptedTurn } from "../fake-converse-client.ts";

const question = [{ role: "user" as const, content: [{ text: "What is (17 + 4) * 3, and what does the weather say?" }] }];
const weather = defineTool({
  name: "weather",
  description: "Weather for a city.",
  inputSchema: z.object({ city: z.string() }),
  run: () => {
    throw new Error("weather service unreachable");
  },
});

const twoToolRound: ScriptedTurn = {
  text: "Let me check.",
  toolUses: [
    { toolUseId: "calc-1", name: "calculator", input: { expression: "(17 + 4) * 3" } },
    { toolUseId: "wx-1", name: "weather", input: { city: "Paris" } },
  ],
  stopReason: "tool_use",
  usage: { inputTokens: 100, outputTokens: 20 },
};
const finalAnswer: ScriptedTurn = { text: "It is 63; the weather is unknown.", stopReason: "end_turn", usage: { inputTokens: 200, outputTokens: 30 } };

describe("runToolLoop", () => {
  it.each([true, false])("GIVEN two tool calls, one failing (stream=%s) WHEN looped THEN both are answered and the model finishes", async (stream) => {
    const client = fakeConverseClient([twoToolRound, finalAnswer]);
    const registry = new ToolRegistry([createCalculatorTool(), weather]);

    const { events, result } = await collect(runToolLoop(client, { model: testModel(), messages: question, registry, maxRounds: 4, stream }));

    expect(events.filter((event) => event.type !== "text")).toEqual([
      { type: "toolCall", toolUseId: "calc-1", name: "calculator", input: { expression: "(17 + 4) * 3" } },
      { type: "toolCall", toolUseId: "wx-1", name: "weather", input: { city: "Paris" } },
      { type: "usage", inputTokens: 100, outputTokens: 20, totalTokens: 120, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, costUsd: 0.0006, costKnown: true, cacheSavedUsd: 0 },
      { type: "toolResult", toolUseId: "calc-1", name: "calculator", status: "success", output: "63" },
      { type: "toolResult", toolUseId: "wx-1", name: "weather", status: "error", output: "weather failed: weather service unreachable" },
      { type: "usage", inputTokens: 200, outputTokens: 30, totalTokens: 230, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, costUsd: 0.00105, costKnown: true, cacheSavedUsd: 0 },
      { type: "stop", stopReason: "end_turn" },
    ]);
    expect(result.text).toEqual("Let me check.\n\nIt is 63; the weather is unknown.");
    expect(result).toMatchObject({
      stopReason: "end_turn",
      modelCalls: 2,
      usage: { inputTokens: 300, outputTokens: 50, totalTokens: 350 },
      warnings: [],
    });
    expect(result.costUsd).toBeCloseTo(0.00165, 12);
    expect(client.requests[1]?.input.messages?.slice(1)).toEqual([
      {
        role: "assistant",
        content: [
          { text: "Let me check." },
          { toolUse: { toolUseId: "calc-1", name: "calculator", input: { expression: "(17 + 4) * 3" } } },
          { toolUse: { toolUseId: "wx-1", name: "weather", input: { city: "Paris" } } },
        ],
      },
      {
        role: "user",
        content: [
          { toolResult: { toolUseId: "calc-1", content: [{ text: "63" }], status: "success" } },
          { toolResult: { toolUseId: "wx-1", content: [{ text: "weather failed: weather service unreachable" }], status: "error" } },
        ],
      },
    ]);
    expect(result.newMessages).toHaveLength(3);
    expect(client.requests[0]?.input.toolConfig?.tools?.map((tool) => tool.toolSpec?.name)).toEqual(["calculator", "weather"]);
  });

  it("GIVEN two tool calls in one turn WHEN run THEN the second starts before the first finishes", async () => {
    const log: string[] = [];
    const slow = (name: string) =>
      defineTool({
        name,
        description: name,
        inputSchema: z.object({}),
        run: async () => {
          log.push(`${name}:start`);
          await new Promise<void>((resolve) => setImmediate(resolve));
          log.push(`${name}:end`);
          return "ok";
        },
      });
    const client = fakeConverseClient([
      { toolUses: [{ toolUseId: "1", name: "a", input: {} }, { toolUseId: "2", name: "b", input: {} }], stopReason: "tool_use" },
      { text: "done", stopReason: "end_turn" },
    ]);

    await collect(runToolLoop(client, { model: testModel(), messages: question, registry: new ToolRegistry([slow("a"), slow("b")]), maxRounds: 2 }));

    expect(log).toEqual(["a:start", "b:start", "a:end", "b:end"]);
  });

  it("GIVEN a model that keeps calling tools WHEN the round limit is hit THEN it stops with max_rounds and a warning", async () => {
    const again: ScriptedTurn = { toolUses: [{ toolUseId: "c", name: "calculator", input: { expression: "1+1" } }], stopReason: "tool_use" };
    const client = fakeConverseClient([again, again, again]);

    const { events, result } = await collect(
      runToolLoop(client, { model: testModel(), messages: question, registry: new ToolRegistry([createCalculatorTool()]), maxRounds: 2 }),
    );

    const warning = "Stopped after 2 rounds of tool calls (max_rounds); the answer may be incomplete.";
    expect(events.slice(-2)).toEqual([
      { type: "warning", message: warning },
      { type: "stop", stopReason: "max_rounds" },
    ]);
    expect(result).toMatchObject({ stopReason: "max_rounds", modelCalls: 3, warnings: [warning] });
    expect(events.filter((event) => event.type === "toolResult")).toHaveLength(2);
  });

  it("GIVEN an empty registry WHEN looped THEN no toolConfig is sent and one call answers", async () => {
    const client = fakeConverseClient([{ text: "Hi", stopReason: "end_turn" }]);

    const { result } = await collect(runToolLoop(client, { model: testModel(), messages: question, registry: new ToolRegistry(), maxRounds: 3 }));

    expect(client.requests[0]?.input.toolConfig).toEqual(undefined);
    expect(result.text).toEqual("Hi");
  });
});
