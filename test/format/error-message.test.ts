import { describe, expect, it } from "vitest";
import { errorMessage } from "../../src/format/error-message.ts";

describe("errorMessage", () => {
  it("GIVEN an Error, a string and another thrown value WHEN described THEN the message, the string, the value as text", () => {
    expect([new SyntaxError("Unexpected token"), "plain text", 42, undefined].map(errorMessage)).toEqual(["Unexpected token", "plain text", "42", "undefined"]);
  });
});
