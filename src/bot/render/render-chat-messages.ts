/**
 * A chat state -> the Discord messages that show it, as plain payloads (the edge posts the first, edits each one
 * whose payload changed, and posts any new ones). Layout, top to bottom:
 *
 *     <answer, split at maxLength without breaking code blocks; [n] marks cited passages>
 *     -# [1] report.pdf · pp. 2–3 · “quoted text…”   (footnotes, when the model cited documents)
 *     -# ⚠️ <warnings, one short line>
 *     -# 🔧 used calculator ×2, weather (failed)
 *     -# ⏳ generating…   |   -# 💭 thinking…        (while generating: the in-progress marker)
 *     ❌ <failure line>                             (when failed)
 *     -# <model> · 1,234 in · 567 out · cache 1,000 read, saved $0.0027 · flex · $0.0016
 *                                                   (when done or failed, if showUsage; cache and tier when present)
 *
 * A `header` (the `/chat` prompt line) may sit above the answer, in the first part, and counts toward its limit.
 *
 * Decorations sit under the answer, so parts already filled do not move as they change. Reasoning is not shown
 * (see `chat-buttons.ts`). Buttons go on the last part only; earlier parts get `components: []`, which removes
 * a Stop button left there before the answer grew a new part. Mentions never ping: the model's text is not ours.
 */
import { chatPhase, type ChatPhase, type ChatState, type ToolUse } from "./apply-chat-event.ts";
import { buttonsFor, type ActionRowComponent } from "./chat-buttons.ts";
import { subtextLine } from "./chat-decorations.ts";
import { FENCE, findOpenFence } from "./find-open-fence.ts";
import { renderFootnotes } from "./render-footnotes.ts";
import { formatUsd } from "../../format/format-usd.ts";
import { DISCORD_MESSAGE_LIMIT, splitMessage } from "./split-message.ts";

export interface RenderChatOptions {
  /** Run id of the buttons' custom ids (see `buttonsFor`). */
  runId: string;
  /** Shown in the usage footer. */
  modelName: string;
  /** `bot.show_usage`: the footer with model, tokens and cost once the answer is complete. */
  showUsage: boolean;
  /** Characters per message; Discord's 2000 by default. */
  maxLength?: number;
  /** A line above the answer, constant for the run (e.g. `-# 💬 <prompt>`). */
  header?: string;
}

/** One message's content, in the shape discord.js's send/edit options accept. */
export interface MessagePayload {
  content: string;
  components: ActionRowComponent[];
  allowedMentions: { parse: [] };
}

/** Warnings beyond this many characters are summarised as "+N more": the line should stay a line. */
const MAX_WARNINGS_CHARS = 300;

export function renderChatMessages(state: ChatState, options: RenderChatOptions): MessagePayload[] {
  const phase = chatPhase(state);
  const lines = [options.header ?? "", answerBody(state, phase), ...decorationLines(state, phase, options)].filter((line) => line !== "");
  const parts = splitMessage(lines.join("\n"), options.maxLength ?? DISCORD_MESSAGE_LIMIT);
  const buttons = buttonsFor(state, options.runId);
  return parts.map((content, index) => ({
    content,
    components: index === parts.length - 1 ? buttons : [],
    allowedMentions: { parse: [] },
  }));
}

/** The answer, with a fence the stream left open closed, so the lines below it are not swallowed by the code block. */
function answerBody(state: ChatState, phase: ChatPhase): string {
  const answer = state.answer.trim();
  if (answer === "") return phase === "done" ? subtextLine("(the model returned no text)") : "";
  return findOpenFence(answer) === undefined ? answer : `${answer}\n${FENCE}`;
}

function decorationLines(state: ChatState, phase: ChatPhase, options: RenderChatOptions): string[] {
  const lines: string[] = [...renderFootnotes(state.citations)];
  if (state.warnings.length > 0) lines.push(subtextLine(`⚠️ ${summariseWarnings(state.warnings)}`));
  if (state.tools.length > 0) lines.push(subtextLine(`🔧 ${describeTools(state.tools)}`));
  switch (phase) {
    case "generating":
      lines.push(subtextLine(state.thinking ? "💭 thinking…" : "⏳ generating…"));
      break;
    case "failed":
      lines.push(state.failure ?? "");
      if (options.showUsage) lines.push(usageFooter(state, options.modelName));
      break;
    case "done":
      if (options.showUsage) lines.push(usageFooter(state, options.modelName));
      break;
    default: {
      const unhandled: never = phase;
      throw new Error(`unknown chat phase ${String(unhandled)}`);
    }
  }
  return lines;
}

function summariseWarnings(warnings: readonly string[]): string {
  let line = "";
  for (const [index, warning] of warnings.entries()) {
    const next = line === "" ? warning : `${line} · ${warning}`;
    if (index > 0 && next.length > MAX_WARNINGS_CHARS) return `${line} · +${warnings.length - index} more`;
    line = next;
  }
  return line;
}

/** `used calculator ×2, weather (failed)`; `using` while any call still runs (marked `…`). */
function describeTools(tools: readonly ToolUse[]): string {
  const byName = new Map<string, { count: number; running: boolean; failed: boolean }>();
  for (const tool of tools) {
    const entry = byName.get(tool.name) ?? { count: 0, running: false, failed: false };
    byName.set(tool.name, {
      count: entry.count + 1,
      running: entry.running || tool.status === "running",
      failed: entry.failed || tool.status === "error",
    });
  }
  const entries = [...byName].map(([name, { count, running, failed }]) => {
    const times = count > 1 ? ` ×${count}` : "";
    return `${name}${times}${running ? "…" : failed ? " (failed)" : ""}`;
  });
  const verb = tools.some((tool) => tool.status === "running") ? "using" : "used";
  return `${verb} ${entries.join(", ")}`;
}

/**
 * `claude-sonnet · 1,234 in · 567 out · cache 1,000 read, saved $0.0027 · flex · $0.0016`. "in" counts every input
 * token, cached ones included; the cache part says how many of them came from (or went into) the prompt cache and
 * what that saved. The tier shows when Bedrock named one. A cost whose tier has no configured prices is "unknown".
 * Estimated figures (a cut stream) are marked `~`.
 */
function usageFooter(state: ChatState, modelName: string): string {
  const parts = [modelName];
  const about = state.estimated === true ? "~" : "";
  if (state.modelCalls > 0) {
    const { inputTokens, cacheReadInputTokens, cacheWriteInputTokens, outputTokens } = state.usage;
    parts.push(`${about}${count(inputTokens + cacheReadInputTokens + cacheWriteInputTokens)} in`, `${about}${count(outputTokens)} out`);
    const cache = describeCache(cacheReadInputTokens, cacheWriteInputTokens, state.cacheSavedUsd);
    if (cache !== undefined) parts.push(cache);
  }
  if (state.serviceTiers.length > 0) parts.push(state.serviceTiers.join("+"));
  if (!state.costKnown) parts.push(`cost unknown (≈${formatUsd(state.costUsd)} at standard prices)`);
  else if (state.costUsd > 0) parts.push(`${about}${formatUsd(state.costUsd)}`);
  return subtextLine(parts.join(" · "));
}

/** `cache 1,000 read, 200 written, saved $0.0021` (or `cost $0.0004 extra` when only writes happened yet). */
function describeCache(read: number, written: number, savedUsd: number): string | undefined {
  if (read === 0 && written === 0) return undefined;
  const counts = [read > 0 ? `${count(read)} read` : "", written > 0 ? `${count(written)} written` : ""].filter((part) => part !== "");
  const effect = savedUsd > 0 ? `saved ${formatUsd(savedUsd)}` : savedUsd < 0 ? `cost ${formatUsd(-savedUsd)} extra` : "";
  return `cache ${[...counts, effect].filter((part) => part !== "").join(", ")}`;
}

function count(tokens: number): string {
  return tokens.toLocaleString("en-US");
}
