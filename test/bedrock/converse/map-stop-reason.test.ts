import { describe, expect, it } from "vitest";
import { mapStopReason } from "../../../src/bedrock/converse/map-stop-reason.ts";

describe("mapStopReason", () => {
  it("GIVEN a normal end WHEN mapped THEN no warning", () => {
    expect(mapStopReason("end_turn")).toEqual({ stopReason: "end_turn" });
    expect(mapStopReason("tool_use")).toEqual({ stopReason: "tool_use" });
  });

  it("GIVEN max_tokens WHEN mapped THEN the user is told the answer was cut off", () => {
    expect(mapStopReason("max_tokens")).toEqual({
      stopReason: "max_tokens",
      warning: "The answer was cut off at the model's output limit (max_tokens).",
    });
  });

  it.each([
    ["model_context_window_exceeded", /longer than the model's context window.*start a new thread/],
    ["malformed_model_output", /output Bedrock could not read.*try again/],
    ["malformed_tool_use", /malformed call, so no tool ran/],
  ])("GIVEN the newer stop reason %s WHEN mapped THEN it is kept, with a sentence for the user", (reason, sentence) => {
    const mapped = mapStopReason(reason);
    expect(mapped.stopReason).toBe(reason);
    expect(mapped.warning).toMatch(sentence);
  });

  it("GIVEN a reason AWS added after this code WHEN mapped THEN unknown with the raw value in the warning", () => {
    expect(mapStopReason("new_reason")).toEqual({
      stopReason: "unknown",
      warning: "The model stopped for a reason this bot does not know (new_reason).",
    });
  });

  it("GIVEN no stop reason WHEN mapped THEN unknown", () => {
    expect(mapStopReason(undefined)).toEqual({ stopReason: "unknown", warning: "The model stopped without saying why." });
  });
});
