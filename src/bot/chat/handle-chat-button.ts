/**
 * The buttons under an answer (`chat-buttons.ts` ids `bdb:<action>:<runId>`). Only the person who asked, or an
 * admin (`admins`, or Manage Guild in that server), may press Stop or Retry; anyone else gets a private note.
 *
 * - Stop aborts the run's request (the answer ends "⏹️ Stopped."). When another bot process writes the answer (the
 *   press reached this one: another shard's, or another replica), the run registry says whose it is and for whom, the
 *   same checks apply, and that process is asked to stop it.
 * - Retry asks again and posts a NEW answer; the old one stays, without buttons. Regenerating in place would change
 *   what replies already written to the old answer were replying to; a new answer keeps every branch honest. A
 *   message answer is retried from its question, read again from Discord (works after a restart; the guards run
 *   again); a `/chat` answer from the prompt the run remembers (in the store too, so after a restart as well),
 *   answered through the button's own interaction.
 * - Show reasoning sends the model's reasoning privately.
 * - Guardrail details tells an admin, privately, which guardrail policies acted; anyone else is told it is for admins.
 */
import { MessageFlags, PermissionFlagsBits, type ButtonInteraction, type Message } from "discord.js";
import { isAdmin } from "../guard/check-access.ts";
import { parseChatButtonId } from "../render/chat-buttons.ts";
import { splitMessage } from "../render/split-message.ts";
import { accessRequestFor } from "../discord/access-request.ts";
import type { FinishedChatRun } from "../../store/finished-chat-runs.ts";
import { ChatAbort } from "../discord/chat-runs.ts";
import type { ChatRuntime } from "../discord/chat-runtime.ts";
import { checkChatGuards } from "../discord/check-chat-guards.ts";
import { answerCommand } from "./handle-chat-command.ts";
import { answerMessage } from "./handle-chat-message.ts";

/** Handles one of our buttons; false when the custom id is not ours. */
export async function handleChatButton(interaction: ButtonInteraction, runtime: ChatRuntime): Promise<boolean> {
  const parsed = parseChatButtonId(interaction.customId);
  if (parsed === undefined) return false;
  const { action, runId } = parsed;
  switch (action) {
    case "stop":
      await stop(interaction, runtime, runId);
      return true;
    case "retry":
      await retry(interaction, runtime, runId);
      return true;
    case "reasoning":
      await showReasoning(interaction, await findRun(runtime, runId));
      return true;
    case "guardrail":
      await showGuardrailDetails(interaction, runtime, await findRun(runtime, runId));
      return true;
    default: {
      const unhandled: never = action;
      throw new Error(`unknown chat button ${String(unhandled)}`);
    }
  }
}

async function stop(interaction: ButtonInteraction, runtime: ChatRuntime, runId: string): Promise<void> {
  const run = runtime.runs.active(runId);
  if (run === undefined) return await stopElsewhere(interaction, runtime, runId);
  if (!mayControl(interaction, runtime, run.requesterId)) return await privately(interaction, notYours(run.requesterId));
  await interaction.deferUpdate(); // the answer's own final edit removes the button
  run.controller.abort(new ChatAbort("user"));
}

const FINISHED = "That answer has already finished.";

/** Stop of an answer this process does not write: asked of the process that does, if any. */
async function stopElsewhere(interaction: ButtonInteraction, runtime: ChatRuntime, runId: string): Promise<void> {
  let running;
  try {
    running = await runtime.runs.elsewhere(runId);
  } catch (error) {
    runtime.logger.warn({ err: error, runId }, "could not look up a running answer in the registry");
    return await privately(interaction, "I couldn't check whether that answer is still being written (the bot's shared store did not answer); please try again in a moment.");
  }
  if (running === undefined) return await privately(interaction, FINISHED);
  if (!mayControl(interaction, runtime, running.requesterId)) return await privately(interaction, notYours(running.requesterId));
  const heard = await runtime.runs.requestStop(runId, running, interaction.user.id).catch((error: unknown) => {
    runtime.logger.warn({ err: error, runId }, "could not send a stop to the process writing an answer");
    return false;
  });
  // Not heard: the writing process is gone (its record not yet expired), so the answer is no longer being written.
  if (!heard) return await privately(interaction, FINISHED);
  await interaction.deferUpdate(); // the owner's final edit of the answer removes the button
}

async function retry(interaction: ButtonInteraction, runtime: ChatRuntime, runId: string): Promise<void> {
  // Retry is shown by an answer's final edit, a moment before its run ends: wait for that moment, not for a new run.
  const active = runtime.runs.active(runId);
  if (active !== undefined && !(await settlesWithin(active.done, RUN_ENDING_MS))) return await privately(interaction, "That question is being answered right now.");
  const run = await findRun(runtime, runId);
  const question = run?.command === undefined ? await interaction.channel?.messages.fetch(runId).catch(() => undefined) : undefined;
  const requesterId = run?.requesterId ?? question?.author.id;
  if (requesterId === undefined || (run?.command === undefined && question === undefined)) {
    return await privately(interaction, "That question is no longer available (deleted, or asked before the bot restarted); please ask again.");
  }
  if (!mayControl(interaction, runtime, requesterId)) return await privately(interaction, notYours(requesterId));
  const channel = interaction.channel;
  if (channel === null) return await privately(interaction, "I can't see this channel any more.");
  const decision = await checkChatGuards(runtime, accessRequestFor(interaction.user.id, interaction.member, channel), interaction.guildId);
  if (!decision.allowed) return await privately(interaction, decision.reason);
  if (run?.command !== undefined) {
    await interaction.deferReply(run.command.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    await removeButtons(interaction.message);
    await answerCommand(interaction, runtime, run.command, requesterId);
    return;
  }
  await interaction.update({ components: [] });
  await answerMessage(question as Message, runtime);
}

/** The run in memory (active or recent), else as kept in the store (after a restart, or another instance's). */
async function findRun(runtime: ChatRuntime, runId: string): Promise<FinishedChatRun | undefined> {
  return runtime.runs.find(runId) ?? (await runtime.finishedRuns?.get(runId).catch(() => undefined));
}

async function showReasoning(interaction: ButtonInteraction, run: FinishedChatRun | undefined): Promise<void> {
  const reasoning = run?.reasoning.trim() ?? "";
  if (reasoning === "") return await privately(interaction, "The reasoning of that answer is no longer available.");
  await privatelyInParts(interaction, reasoning);
}

/** A long private reply, split at Discord's limit: the reply, then follow-ups. */
async function privatelyInParts(interaction: ButtonInteraction, text: string): Promise<void> {
  const [first, ...rest] = splitMessage(text);
  await interaction.reply({ content: first ?? "", flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  for (const part of rest) await interaction.followUp({ content: part, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** Which policies fired, for admins only and privately: the policy names say what was asked about. */
async function showGuardrailDetails(interaction: ButtonInteraction, runtime: ChatRuntime, run: FinishedChatRun | undefined): Promise<void> {
  if (!isAdmin(interaction.user.id, interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false, runtime.config.data.bot)) {
    return await privately(interaction, "Only bot admins and members with Manage Server can see which guardrail policy fired.");
  }
  if (run?.guardrail === undefined) return await privately(interaction, "The guardrail details of that answer are no longer available (see the bot's log).");
  const policies = run.guardrail.length === 0 ? ["(the guardrail's trace named no policy; is `trace` disabled for it?)"] : run.guardrail.map((line) => `- ${line}`);
  await privatelyInParts(interaction, ["Guardrail policies that acted on this answer:", ...policies].join("\n"));
}

/** Discord wants a first answer to an interaction within 3 s. */
const RUN_ENDING_MS = 1_500;

async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return settled;
}

function mayControl(interaction: ButtonInteraction, runtime: ChatRuntime, requesterId: string): boolean {
  if (interaction.user.id === requesterId) return true;
  return isAdmin(interaction.user.id, interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false, runtime.config.data.bot);
}

function notYours(requesterId: string): string {
  return `Only <@${requesterId}>, who asked, or an admin can use these buttons.`;
}

/** An ephemeral note to the presser (mentions shown, never pinged). */
async function privately(interaction: ButtonInteraction, content: string): Promise<void> {
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** The old `/chat` answer keeps its text but loses its buttons (an ephemeral one cannot be edited from here). */
async function removeButtons(message: Message): Promise<void> {
  if (message.flags.has(MessageFlags.Ephemeral)) return;
  await message.edit({ components: [] }).catch(() => undefined);
}
