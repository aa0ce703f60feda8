/**
 * The buttons under a chat answer, as Discord API component data (no discord.js; `components` accepts it as is):
 * Stop while generating; Retry once done or failed; Show reasoning once done when the model reasoned; Guardrail details
 * when a guardrail acted (answered for admins only).
 *
 * Reasoning is never put in the answer: it can be long, it is not the answer, and a spoiler of it would eat the
 * 2000 characters. The edge keeps `state.reasoning` for the run and answers "Show reasoning" with an ephemeral
 * reply (split with `splitMessage`).
 *
 * Custom ids are `bdb:<action>:<runId>`. The run id is what the edge finds the run by — the triggering message's
 * id is a good one: it is known before the reply exists, so even the first message can carry Stop.
 */
import { chatPhase, type ChatState } from "./apply-chat-event.ts";

export type ChatButtonAction = "stop" | "retry" | "reasoning" | "guardrail";

/** Discord `ButtonStyle`: 2 = Secondary (grey), 4 = Danger (red). */
type ButtonStyle = 2 | 4;

interface ButtonComponent {
  /** Discord `ComponentType.Button`. */
  type: 2;
  style: ButtonStyle;
  label: string;
  custom_id: string;
}

export interface ActionRowComponent {
  /** Discord `ComponentType.ActionRow`. */
  type: 1;
  components: ButtonComponent[];
}

const PREFIX = "bdb";
/** Discord: `custom_id` <= 100 characters. */
const MAX_CUSTOM_ID = 100;
const ACTIONS: readonly ChatButtonAction[] = ["stop", "retry", "reasoning", "guardrail"];

export function buttonsFor(state: ChatState, runId: string): ActionRowComponent[] {
  const buttons: ButtonComponent[] = [];
  const phase = chatPhase(state);
  switch (phase) {
    case "generating":
      buttons.push(button("stop", runId, "Stop", 4));
      break;
    case "done":
    case "failed":
      buttons.push(button("retry", runId, "Retry", 2));
      if (state.reasoning.trim() !== "") buttons.push(button("reasoning", runId, "Show reasoning", 2));
      // Anyone sees the button; only admins get the details (which policy fired says what was asked about).
      if (state.guardrail !== undefined) buttons.push(button("guardrail", runId, "Guardrail details (admins)", 2));
      break;
    default: {
      const unhandled: never = phase;
      throw new Error(`unknown chat phase ${String(unhandled)}`);
    }
  }
  return [{ type: 1, components: buttons }];
}

/** `bdb:stop:123`; throws when the id would exceed Discord's 100 characters (a run id is a snowflake, ~20). */
export function chatButtonId(action: ChatButtonAction, runId: string): string {
  const id = `${PREFIX}:${action}:${runId}`;
  if (id.length > MAX_CUSTOM_ID) throw new RangeError(`button custom_id "${id}" is longer than ${MAX_CUSTOM_ID} characters`);
  return id;
}

/** The action and run of one of our buttons; `undefined` for anyone else's custom id. */
export function parseChatButtonId(customId: string): { action: ChatButtonAction; runId: string } | undefined {
  const [prefix, action, ...rest] = customId.split(":");
  const runId = rest.join(":");
  if (prefix !== PREFIX || runId === "") return undefined;
  const known = ACTIONS.find((candidate) => candidate === action);
  return known === undefined ? undefined : { action: known, runId };
}

function button(action: ChatButtonAction, runId: string, label: string, style: ButtonStyle): ButtonComponent {
  return { type: 2, style, label, custom_id: chatButtonId(action, runId) };
}
