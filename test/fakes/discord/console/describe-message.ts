/**
 * How the console shows one state of a bot message: a header naming where, what happened and the message id (for
 * `.reply` / `.click <id>`), then the content, embeds, buttons and files, indented. Pure, so the format is tested
 * without a fake.
 *
 *   [#general] bot posted 1290000000000000001:
 *     echo: hello
 *     [Stop] [Retry]
 *     📎 results.csv (1.2 KiB)
 */
import type { APIEmbed } from "discord-api-types/v10";
import { listButtons } from "./list-buttons.ts";

export interface MessageState {
  /** The place, as `placeLabel` names it. */
  where: string;
  messageId: string;
  /** "posted" for the message as created, "edited" for a later version. */
  change: "posted" | "edited";
  content: string;
  embeds: readonly APIEmbed[];
  components: readonly unknown[];
  /** Discord message flags. */
  flags: number;
  files: readonly { filename: string; bytes: number; savedTo?: string }[];
  /** Username of the only person who sees it (an ephemeral interaction reply). */
  onlyFor?: string;
}

/** Discord's message flags the console shows. */
const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const INDENT = "    ";

/** `renderText` turns Discord markup in content and embeds into what a person reads (see render-discord-markup.ts). */
export function describeMessage(state: MessageState, renderText: (text: string) => string = (text) => text): string[] {
  const visibility = (state.flags & EPHEMERAL) !== 0 ? ` (only ${state.onlyFor ?? "the user"} sees it)` : "";
  const lines: string[] = [];
  if ((state.flags & LOADING) !== 0) lines.push("(thinking…)");
  if (state.content !== "") lines.push(...renderText(state.content).split("\n"));
  for (const embed of state.embeds) lines.push(...describeEmbed(embed).map((line) => `┃ ${renderText(line)}`));
  const buttons = listButtons(state.components).map((b) => `[${b.label}${b.url === undefined ? "" : ` → ${b.url}`}${b.disabled ? " (disabled)" : ""}]`);
  if (buttons.length > 0) lines.push(buttons.join(" "));
  for (const file of state.files) lines.push(`📎 ${file.filename} (${formatBytes(file.bytes)})${file.savedTo === undefined ? "" : ` saved to ${file.savedTo}`}`);
  if (lines.length === 0) lines.push("(empty)");
  return [`[${state.where}] bot ${state.change} ${state.messageId}${visibility}:`, ...lines.map((line) => `${INDENT}${line}`)];
}

function describeEmbed(embed: APIEmbed): string[] {
  return [
    ...(embed.title === undefined ? [] : [embed.title]),
    ...(embed.description?.split("\n") ?? []),
    ...(embed.fields ?? []).map((field) => `${field.name}: ${field.value.replaceAll("\n", " / ")}`),
    ...(embed.footer === undefined ? [] : [embed.footer.text]),
  ];
}

/** Sizes as Discord's client shows them, in binary units. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
