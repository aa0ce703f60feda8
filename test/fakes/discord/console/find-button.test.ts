import { describe, expect, it } from "vitest";
import { findButton } from "./find-button.ts";

const row = (...buttons: Record<string, unknown>[]) => ({ type: 1, components: buttons.map((b) => ({ type: 2, style: 1, ...b })) });

describe("findButton", () => {
  it("GIVEN two messages with a Retry button WHEN looking for retry THEN the newest one's is pressed", () => {
    const messages = [
      { id: "1", components: [row({ label: "Retry", custom_id: "retry:1" })] },
      { id: "2", components: [row({ label: "Retry", custom_id: "retry:2" })] },
      { id: "3", components: [] },
    ];

    expect(findButton(messages, "retry")).toEqual({ messageId: "2", customId: "retry:2", label: "Retry" });
  });

  it("GIVEN an exact label and a longer one on the same message WHEN looking THEN the exact one wins; a part of a label also matches", () => {
    const messages = [{ id: "1", components: [row({ label: "Retry with another model", custom_id: "a" }, { label: "Retry", custom_id: "b" })] }];

    expect(findButton(messages, "Retry")?.customId).toBe("b");
    expect(findButton(messages, "another")?.customId).toBe("a");
  });

  it("GIVEN only disabled and link buttons WHEN looking THEN nothing is pressable", () => {
    const messages = [{ id: "1", components: [row({ label: "Confirm", custom_id: "c", disabled: true }, { label: "Docs", style: 5, url: "https://example.com" })] }];

    expect(findButton(messages, "Confirm")).toBeUndefined();
    expect(findButton(messages, "Docs")).toBeUndefined();
  });
});
