import { describe, expect, it } from "vitest";
import { summarizeGuardrailTrace } from "../../../src/bedrock/guardrails/summarize-guardrail-trace.ts";

describe("summarizeGuardrailTrace", () => {
  it("GIVEN an input assessment with a blocked topic and a content filter that did not act WHEN summarised THEN only the acting policy is listed", () => {
    const lines = summarizeGuardrailTrace({
      inputAssessment: {
        gr1: {
          topicPolicy: { topics: [{ name: "Investment advice", type: "DENY", action: "BLOCKED", detected: true }] },
          contentPolicy: { filters: [{ type: "INSULTS", confidence: "NONE", action: "NONE", detected: false }] },
        },
      },
    });

    expect(lines).toEqual(['input · denied topic "Investment advice" → BLOCKED']);
  });

  it("GIVEN output assessments with PII and a blocked output WHEN summarised THEN names the PII type but never the matched value nor the model output", () => {
    const lines = summarizeGuardrailTrace({
      modelOutput: ["Call me at 555-0100, the secret plan is..."],
      outputAssessments: {
        gr1: [
          {
            sensitiveInformationPolicy: { piiEntities: [{ match: "555-0100", type: "PHONE", action: "ANONYMIZED", detected: true }], regexes: [] },
            contentPolicy: { filters: [{ type: "VIOLENCE", confidence: "HIGH", action: "BLOCKED", detected: true }] },
          },
        ],
      },
    });

    expect(lines).toEqual(["output · content filter VIOLENCE (HIGH confidence) → BLOCKED", "output · sensitive information PHONE → ANONYMIZED"]);
    expect(lines.join(" ")).not.toContain("555-0100");
    expect(lines.join(" ")).not.toContain("secret plan");
  });

  it("GIVEN no trace, or a trace naming no policy WHEN summarised THEN nothing, or the action reason", () => {
    expect(summarizeGuardrailTrace(undefined)).toEqual([]);
    expect(summarizeGuardrailTrace({ actionReason: "Guardrail blocked." })).toEqual(["Guardrail blocked."]);
  });
});
