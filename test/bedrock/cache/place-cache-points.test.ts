import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { placeCachePoints } from "../../../src/bedrock/cache/place-cache-points.ts";
import type { PromptCacheSupport } from "../../../src/bedrock/cache/prompt-cache-support.ts";

const claude: PromptCacheSupport = { family: "Claude", minTokensPerCheckpoint: 1024, maxCheckpoints: 4, toolsCheckpoint: true, ttls: ["5m"], source: "test" };
const nova: PromptCacheSupport = { ...claude, family: "Nova", minTokensPerCheckpoint: 1000, toolsCheckpoint: false };
const point = { cachePoint: { type: "default" } };
/** `tokens` estimated tokens of text (4 characters each). */
const text = (tokens: number): string => "x".repeat(tokens * 4);
const user = (content: string): Message => ({ role: "user", content: [{ text: content }] });
const assistant = (content: string): Message => ({ role: "assistant", content: [{ text: content }] });
const bigTool = { toolSpec: { name: "lookup", description: text(1200), inputSchema: { json: { type: "object" } } } };

describe("placeCachePoints", () => {
  it("GIVEN long tools, a long system prompt and a long history WHEN placed THEN after the tools, after the system prompt and after the previous turn", () => {
    const placed = placeCachePoints(
      { toolConfig: { tools: [bigTool] }, system: [{ text: text(1500) }], messages: [user(text(800)), assistant(text(400)), user("now?")] },
      { support: claude },
    );

    expect(placed.checkpoints).toEqual(["tools", "system", "messages[1]"]);
    expect(placed.toolConfig?.tools?.at(-1)).toEqual(point);
    expect(placed.system?.at(-1)).toEqual(point);
    expect(placed.messages[1]?.content?.at(-1)).toEqual(point);
    expect(placed.messages[2]).toEqual(user("now?")); // the new question is never cached
  });

  it("GIVEN a short system prompt WHEN placed THEN no checkpoint there: its tokens carry over to the next one", () => {
    const placed = placeCachePoints({ system: [{ text: text(600) }], messages: [user(text(300)), assistant(text(200)), user("q")] }, { support: claude });

    expect(placed.checkpoints).toEqual(["messages[1]"]); // 600 + 300 + 200 >= 1024
    expect(placed.system).toEqual([{ text: text(600) }]);
  });

  it("GIVEN everything under the minimum WHEN placed THEN the request is unchanged", () => {
    const prompt = { system: [{ text: "Be brief." }], messages: [user("hi"), assistant("hello"), user("bye")] };

    expect(placeCachePoints(prompt, { support: claude })).toEqual({ ...prompt, checkpoints: [] });
  });

  it("GIVEN a model that caches no tools WHEN placed THEN the tools' tokens count toward the system checkpoint", () => {
    const placed = placeCachePoints({ toolConfig: { tools: [bigTool] }, system: [{ text: text(10) }], messages: [user("q")] }, { support: nova });

    expect(placed.checkpoints).toEqual(["system"]);
    expect(placed.toolConfig?.tools).toEqual([bigTool]);
  });

  it("GIVEN the previous turn holds reasoning WHEN placed THEN the checkpoint goes on the turn before it", () => {
    const thinking: Message = { role: "assistant", content: [{ reasoningContent: { reasoningText: { text: "hmm", signature: "s" } } }, { text: "a" }] };
    const placed = placeCachePoints({ messages: [user(text(2000)), thinking, user("q")] }, { support: claude });

    expect(placed.checkpoints).toEqual(["messages[0]"]);
    expect(placed.messages[1]).toEqual(thinking);
  });

  it("GIVEN a maximum of 1 checkpoint WHEN placed THEN only the first that pays", () => {
    const placed = placeCachePoints({ system: [{ text: text(1500) }], messages: [user(text(1500)), assistant("a"), user("q")] }, { support: { ...claude, maxCheckpoints: 1 } });

    expect(placed.checkpoints).toEqual(["system"]);
  });

  it("GIVEN a 1h TTL WHEN placed THEN every checkpoint carries it", () => {
    const placed = placeCachePoints({ system: [{ text: text(1500) }], messages: [user("q")] }, { support: claude, ttl: "1h" });

    expect(placed.system?.at(-1)).toEqual({ cachePoint: { type: "default", ttl: "1h" } });
  });

  it("GIVEN a request WHEN placed THEN the caller's arrays are not changed", () => {
    const messages = [user(text(2000)), assistant("a"), user("q")];
    const system = [{ text: text(1500) }];
    placeCachePoints({ system, messages }, { support: claude });

    expect(system).toHaveLength(1);
    expect(messages[1]).toEqual(assistant("a"));
  });
});
