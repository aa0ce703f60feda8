/**
 * Which button `.click <label>` presses: on the given message, or on the newest message (of those passed, oldest
 * first as the fake lists a channel's) with an enabled button of that label. A label matches ignoring case; an
 * exact label beats one that merely contains the words, so `.click Retry` never presses "Retry with another model".
 */
import { listButtons } from "./list-buttons.ts";

export interface ButtonTarget {
  messageId: string;
  customId: string;
  label: string;
}

export function findButton(messages: readonly { id: string; components: readonly unknown[] }[], label: string): ButtonTarget | undefined {
  const wanted = label.trim().toLowerCase();
  for (const message of [...messages].reverse()) {
    const pressable = listButtons(message.components).filter((button) => button.customId !== undefined && !button.disabled);
    const button = pressable.find((b) => b.label.toLowerCase() === wanted) ?? pressable.find((b) => b.label.toLowerCase().includes(wanted));
    if (button !== undefined) return { messageId: message.id, customId: button.customId!, label: button.label };
  }
  return undefined;
}
