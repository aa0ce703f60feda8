/**
 * Custom ids of the plan's Confirm / Cancel buttons, `bdbatch:<confirm|cancel>:<pending id>`. Apart from the command
 * so the plugin's interaction router can tell a batch button without loading `/batch` itself.
 */
const BUTTON_PREFIX = "bdbatch";

export type BatchButtonAction = "confirm" | "cancel";

export function batchButtonId(action: BatchButtonAction, id: string): string {
  return `${BUTTON_PREFIX}:${action}:${id}`;
}

export function parseBatchButtonId(customId: string): { action: BatchButtonAction; id: string } | undefined {
  const [prefix, action, id] = customId.split(":");
  if (prefix !== BUTTON_PREFIX || id === undefined || (action !== "confirm" && action !== "cancel")) return undefined;
  return { action, id };
}
