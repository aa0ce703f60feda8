import { describe, expect, it } from "vitest";
import { policyFromFlags, promptSpecFromFlags, settingsFromFlags } from "../../../../src/bedrock/batch/run/batch-run-flags.ts";

const chat = { kind: "chat" as const };
const flags = (extra: object = {}) => ({ prompt: [] as string[], ...extra });

describe("promptSpecFromFlags", () => {
  it("GIVEN the flags alone THEN the mode follows: one prompt single, several expanded, a template, a prompt column, an embedding model", () => {
    expect(promptSpecFromFlags(flags({ prompt: ["Summarize"] }), chat)).toEqual({ mode: "single", prompt: "Summarize" });
    expect(promptSpecFromFlags(flags({ prompt: ["a=One {x}", "b=Two"] }), chat)).toEqual({
      mode: "expanded",
      prompts: [{ name: "a", template: "One {x}" }, { name: "b", template: "Two" }],
    });
    expect(promptSpecFromFlags(flags({ template: "Q: {question}" }), chat)).toEqual({ mode: "template", template: "Q: {question}" });
    expect(promptSpecFromFlags(flags({ promptColumn: "ask" }), chat)).toEqual({ mode: "mapped", column: "ask" });
    expect(promptSpecFromFlags(flags({ textColumn: "body" }), { kind: "embedding" })).toEqual({ mode: "embed", column: "body" });
  });

  it("GIVEN --mode THEN it wins: one named prompt is expanded, a prompt can be a template, mapped defaults its column", () => {
    expect(promptSpecFromFlags(flags({ mode: "expanded", prompt: ["only=Say {x}"] }), chat)).toEqual({ mode: "expanded", prompts: [{ name: "only", template: "Say {x}" }] });
    expect(promptSpecFromFlags(flags({ mode: "template", prompt: ["Q: {q}"] }), chat)).toEqual({ mode: "template", template: "Q: {q}" });
    expect(promptSpecFromFlags(flags({ mode: "mapped" }), chat)).toEqual({ mode: "mapped" });
  });

  it("GIVEN flags that cannot work THEN a sentence says what to give", () => {
    expect(() => promptSpecFromFlags(flags(), chat)).toThrow(/Give a prompt/);
    expect(() => promptSpecFromFlags(flags({ mode: "sideways" }), chat)).toThrow(/--mode must be one of single, template, mapped, expanded, embed/);
    expect(() => promptSpecFromFlags(flags({ mode: "expanded", prompt: ["no name here"] }), chat)).toThrow(/written name=text/);
    expect(() => promptSpecFromFlags(flags({ mode: "single", prompt: ["a", "b"] }), chat)).toThrow(/exactly one --prompt/);
  });

  it("GIVEN inference flags and a policy THEN they are checked and converted", () => {
    expect(settingsFromFlags({ system: "Be brief", maxTokens: "200", temperature: "0.2" })).toEqual({ system: "Be brief", maxTokens: 200, temperature: 0.2 });
    expect(() => settingsFromFlags({ maxTokens: "lots" })).toThrow(/--max-tokens must be a whole number/);
    expect(() => settingsFromFlags({ temperature: "2" })).toThrow(/between 0 and 1/);
    expect(policyFromFlags({ policy: "wait" })).toBe("wait");
    expect(policyFromFlags({})).toBeUndefined();
  });
});
