/**
 * Guardrails the fake knows, and what applying one does. A request naming a guardrail the fake was not told about is
 * refused as the service refuses it (a ValidationException naming the identifier/version). A known guardrail lets the
 * model answer unless a scripted reply says it intervenes (`ScriptedReply.guardrail`): then the answer is the
 * guardrail's blocked message, the stop reason `guardrail_intervened`, and (unless trace is "disabled") a trace shaped
 * like the API reference's `GuardrailTraceAssessment`: `inputAssessment` keyed by guardrail id, or
 * `outputAssessments` with the blocked `modelOutput`.
 */
import type { ModelReply } from "./converse-wire.ts";
import type { ScriptedReply } from "./scripted-reply.ts";

export interface FakeGuardrail {
  identifier: string;
  version: string;
  /** What the user gets instead of a blocked prompt (Bedrock's default wording). */
  blockedInputMessaging?: string;
  /** What the user gets instead of a blocked answer. */
  blockedOutputsMessaging?: string;
}

/** Bedrock's default blocked messaging for a new guardrail. */
const DEFAULT_BLOCKED = "Sorry, the model cannot answer this question.";

/** What a scripted intervention fired; the default is a content filter (VIOLENCE, HIGH). */
const DEFAULT_ASSESSMENT = {
  contentPolicy: { filters: [{ type: "VIOLENCE", confidence: "HIGH", filterStrength: "HIGH", action: "BLOCKED", detected: true }] },
};

export interface WireGuardrailConfig {
  guardrailIdentifier?: string;
  guardrailVersion?: string;
  trace?: string;
  streamProcessingMode?: string;
}

export class FakeGuardrails {
  readonly #known: FakeGuardrail[] = [];

  define(guardrail: FakeGuardrail): void {
    this.#known.push(guardrail);
  }

  clear(): void {
    this.#known.length = 0;
  }

  /** The ValidationException message for a config naming no known guardrail, else the guardrail. */
  find(config: WireGuardrailConfig): FakeGuardrail | string {
    const { guardrailIdentifier, guardrailVersion } = config;
    if (guardrailIdentifier === undefined || guardrailVersion === undefined) {
      return "Guardrail identifier and version are both required when a guardrailConfig is given.";
    }
    const found = this.#known.find((guardrail) => guardrail.identifier === guardrailIdentifier && guardrail.version === guardrailVersion);
    return found ?? `The guardrail identifier or version provided in the request does not exist: ${guardrailIdentifier} version ${guardrailVersion}.`;
  }
}

/** The model's reply after the guardrail had its say: unchanged, or blocked with a trace. */
export function applyGuardrail(reply: ModelReply, guardrail: FakeGuardrail, config: WireGuardrailConfig, scripted: ScriptedReply | undefined): ModelReply {
  const intervention = scripted?.guardrail;
  if (intervention === undefined) return reply;
  const assessment = intervention.assessment ?? DEFAULT_ASSESSMENT;
  const onInput = intervention.on === "input";
  const blocked = onInput ? (guardrail.blockedInputMessaging ?? DEFAULT_BLOCKED) : (guardrail.blockedOutputsMessaging ?? DEFAULT_BLOCKED);
  const modelText = reply.content.map((block) => ("text" in block ? block.text : "")).join("");
  const trace =
    config.trace === "disabled" || config.trace === undefined
      ? undefined
      : {
          guardrail: onInput
            ? { inputAssessment: { [guardrail.identifier]: assessment }, actionReason: "Guardrail blocked." }
            : { modelOutput: [modelText], outputAssessments: { [guardrail.identifier]: [assessment] }, actionReason: "Guardrail blocked." },
        };
  return {
    content: [{ text: blocked }],
    stopReason: "guardrail_intervened",
    // An input block stops before the model runs: no output tokens.
    usage: onInput ? { ...reply.usage, outputTokens: 0, totalTokens: reply.usage.inputTokens } : reply.usage,
    ...(trace === undefined ? {} : { trace }),
  };
}
