/**
 * The buttons of a message as a person sees them, from its components in Discord's wire shape: action rows of buttons,
 * and (Components V2) buttons nested in containers or set as a section's accessory.
 */
import { ButtonStyle, ComponentType } from "discord-api-types/v10";

export interface ListedButton {
  /** The label, or the emoji's name for an emoji-only button. */
  label: string;
  /** What a press sends back to the bot; link and premium buttons have none. */
  customId?: string;
  /** Link buttons open this instead. */
  url?: string;
  disabled: boolean;
}

type Json = Record<string, unknown>;

export function listButtons(components: readonly unknown[]): ListedButton[] {
  const found: ListedButton[] = [];
  const visit = (component: Json): void => {
    if (component.type === ComponentType.Button) {
      const emoji = component.emoji as { name?: string } | undefined;
      found.push({
        label: typeof component.label === "string" ? component.label : (emoji?.name ?? "?"),
        ...(typeof component.custom_id === "string" && component.style !== ButtonStyle.Link ? { customId: component.custom_id } : {}),
        ...(typeof component.url === "string" ? { url: component.url } : {}),
        disabled: component.disabled === true,
      });
    }
    for (const child of (component.components as Json[] | undefined) ?? []) visit(child);
    if (component.accessory !== undefined) visit(component.accessory as Json);
  };
  for (const component of components) visit(component as Json);
  return found;
}
