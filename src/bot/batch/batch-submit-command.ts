/**
 * `/batch submit`: defers at once, downloads the attached files from Discord's CDN right away (their URLs expire;
 * allowed CDN hosts and the size cap are checked by `downloadAttachment`), plans the run, and answers with the plan
 * and Confirm / Cancel buttons (`[batch] confirm = false` confirms at once). The plan is a `planned` submission in the
 * store with its records held in S3 (`plan-submission.ts`) for a day, so Confirm works on any instance and after a
 * restart, and submits once however often it is pressed; from there the lifecycle's runner takes it
 * (`submission-machine.ts`). Confirm submits the plan: job rows are stored (with the owner: user, guild, channel,
 * thread and this reply's id) before Bedrock is called, and the reply becomes the jobs' status message, which the
 * watcher edits until it posts the completion notice.
 */
import { MessageFlags, type Attachment, type ButtonInteraction, type ChatInputCommandInteraction, type Client, type CommandInteraction, type GuildMember } from "discord.js";
import { parseOutputSchema } from "../../bedrock/batch/structured/output-schema.ts";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { InputSource } from "../../bedrock/batch/inputs/input-item.ts";
import type { JobOwner } from "../../store/job-owner.ts";
import { applySubmissionEvent, resumeSubmission, type RunOutcome, type SubmissionRunnerDeps } from "../../bedrock/batch/lifecycle/run-submission.ts";
import { resumeJobOf } from "./advance-submissions.ts";
import type { Submission } from "../../bedrock/batch/lifecycle/submission.ts";
import { findSink, sinkModel } from "../../bedrock/sinks/open-vector-sink.ts";
import { chooseModel } from "../../bedrock/models/choose-model.ts";
import { columnFlagsOfOption, columnSelectionFromFlags, policyFromFlags, promptSpecFromFlags } from "../../bedrock/batch/run/batch-run-flags.ts";
import type { BotContext } from "../bot-context.ts";
import { downloadAttachment } from "../discord/download-attachment.ts";
import { fileOption, MAX_BATCH_FILES, SUBMIT_OPTIONS } from "./batch-command-definition.ts";
import { checkBatchSpend } from "./check-batch-permission.ts";
import { discordTime } from "../render/discord-time.ts";
import { describeOnDemandCost } from "../../bedrock/batch/run/describe-on-demand-cost.ts";
import { renderBatchPlan } from "./render-batch-plan.ts";
import { renderJobProgress } from "./render-job-progress.ts";
import type { DraftPick } from "./batch-drafts.ts";
import type { PoolDispatchDeps } from "./batch-runtime-types.ts";
import type { BatchCommandContext } from "./batch-command-context.ts";
import { holdBatchPlan, planMessage } from "./hold-batch-plan.ts";
import { submissionRunnerOf, type SubmitRunOutput } from "./submission-effects.ts";
import type { BatchButtonAction } from "./batch-button-id.ts";
import { describePipelinePlan, pipelineStagesOf } from "./pipeline-options.ts";
import { pipelinePolicy } from "../../bedrock/batch/pipeline/plan-pipeline-stage.ts";


export function requireBatch(context: BotContext): BatchCommandContext {
  const batch = context.batch;
  if (batch === undefined || context.config.data.batch.bucket === undefined) {
    throw new UserFacingError("Batch jobs are not set up on this bot: its owner needs a `[batch]` section with a bucket.");
  }
  return { ...context, batch };
}

/** `sink:` names a configured sink whose model is the run's (checked before anything is planned). */
function sinkOfOption(context: BatchCommandContext, name: string | null, model: { name: string }): string | undefined {
  if (name === null) return undefined;
  const sink = findSink(context.config, name);
  const sinkFor = sinkModel(context.config, sink);
  if (sinkFor.name !== model.name) throw new UserFacingError(`Sink "${sink.name}" holds vectors of ${sinkFor.name}; embed with that model (model:${sinkFor.name}) to load into it.`);
  return sink.name;
}

export async function handleBatchSubmit(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  await proposeBatchPlan(interaction, context, { sources: () => collectSources(interaction, context) });
}

/** Where a plan's inputs come from (`/batch submit`: the attachments; `/batch run`: the draft), and what follows its submission. */
export interface PlanInputs {
  sources(): Promise<InputSource[]>;
  /** The draft files the plan is made of: removed from the draft once it is submitted. */
  fromDraft?: DraftPick;
}

/**
 * Defers, plans the run from `inputs` and the command's prompt/template, mode, system, model, max_tokens, policy and columns
 * options (`SUBMIT_OPTIONS`), and answers with the plan and Confirm / Cancel (or submits at once without confirm).
 */
export async function proposeBatchPlan(interaction: ChatInputCommandInteraction, context: BatchCommandContext, inputs: PlanInputs): Promise<void> {
  await interaction.deferReply();
  await checkMaySpend(interaction, context, 0);
  const { model } = chooseModel(context.config, "batch", interaction.options.getString(SUBMIT_OPTIONS.model) ?? undefined);
  const sources = await inputs.sources();
  const prompt = interaction.options.getString(SUBMIT_OPTIONS.prompt);
  const template = interaction.options.getString(SUBMIT_OPTIONS.template);
  const mode = interaction.options.getString(SUBMIT_OPTIONS.mode);
  const system = interaction.options.getString(SUBMIT_OPTIONS.system);
  const maxTokens = interaction.options.getInteger(SUBMIT_OPTIONS.maxTokens);
  const policyName = interaction.options.getString(SUBMIT_OPTIONS.policy);
  const stages = await pipelineStagesOf(interaction, context, model, (attachment) => downloadBatchAttachment(attachment, context));
  const policy = pipelinePolicy(stages, policyName === null ? undefined : policyFromFlags({ policy: policyName }), context.config.data.batch.small_batch_policy);
  const sink = sinkOfOption(context, interaction.options.getString(SUBMIT_OPTIONS.sink), model);
  const columnsOption = interaction.options.getString(SUBMIT_OPTIONS.columns);
  const columns = columnSelectionFromFlags(columnsOption === null ? {} : columnFlagsOfOption(columnsOption), context.config.data.batch);
  const promptSpec = promptSpecFromFlags({ prompt: prompt === null ? [] : [prompt], ...(template === null ? {} : { template }), ...(mode === null ? {} : { mode }) }, model);
  const schemaFile = interaction.options.getAttachment(SUBMIT_OPTIONS.schema);
  const outputSchema =
    schemaFile === null ? undefined : parseOutputSchema(Buffer.from(await downloadBatchAttachment(schemaFile, context)).toString("utf8"), schemaFile.name, model);
  const owner: JobOwner = {
    userId: interaction.user.id,
    ...(interaction.guildId === null ? {} : { guildId: interaction.guildId }),
    ...placeOf(interaction),
    ...(typeof interaction.attachmentSizeLimit === "number" ? { uploadLimitBytes: interaction.attachmentSizeLimit } : {}),
    ...(sink === undefined ? {} : { sink }),
  };
  const { plan, submission } = await holdBatchPlan(context, {
    sources,
    model,
    promptSpec,
    settings: { ...(system === null ? {} : { system }), ...(maxTokens === null ? {} : { maxTokens }), ...(outputSchema === undefined ? {} : { outputSchema }) },
    ...(columns === undefined ? {} : { columns }),
    ...(policy === undefined ? {} : { policy }),
    owner,
    checkSpend: (estimateUsd) => checkMaySpend(interaction, context, estimateUsd),
    ...(inputs.fromDraft === undefined ? {} : { fromDraft: inputs.fromDraft }),
    stages,
  });
  const id = submission.id;
  const followUp = stages.length === 0 ? "" : `\n${describePipelinePlan(stages, model.name)}`;
  if (!context.config.data.batch.confirm) {
    const shown = `${renderBatchPlan(plan, { confirm: false })}${followUp}`;
    const reply = await interaction.editReply({ content: shown, allowedMentions: { parse: [] } });
    const deps = batchDepsOf(context, interaction.client);
    const runner = submissionRunnerOf(deps);
    const show: ShowReply = (content, files = []) => interaction.editReply({ content, components: [], files });
    // No button: the command's own turn submits it, as it did before the queues (its deferred reply waits anyway).
    const confirmed = await applySubmissionEvent(runner, id, { type: "confirm", messageId: reply.id });
    const output = submitOutputOf(confirmed);
    // Without Confirm the command itself failed: answered like any refused command.
    if (output?.action === "refused") throw new UserFacingError(output.reason);
    if (output === undefined) await showNotYet(confirmed, shown, context, show);
    else await showSubmitted(output, shown, context, show);
    return;
  }
  await interaction.editReply({ ...planMessage(plan, submission, followUp), allowedMentions: { parse: [] } });
}

/** The background work's view of this bot (its Discord client posts the notices). */
export function batchDepsOf(context: BatchCommandContext, client: Client): PoolDispatchDeps {
  return { client, runtime: context.batch, config: context.config, logger: context.logger, usage: context.usage };
}

/**
 * Confirm / Cancel under a plan; only the person who asked may press them. The plan is a `planned` submission in the
 * store, so the press may reach any instance, before or after a restart. The press is stored as an event under the
 * submission's lease before Discord is answered, so of two presses one moves the plan and the other is told so; the
 * submission itself (uploads, the job) is then an advance job (`advancePressed`), which this handler waits for to
 * show its outcome under the plan; should the process doing it die, the queue's retry or the watcher resumes it.
 */
export async function handleBatchButton(interaction: ButtonInteraction, context: BatchCommandContext, parsed: { action: BatchButtonAction; id: string }): Promise<void> {
  const waiting = await context.batch.submissions.get(parsed.id);
  if (waiting?.state !== "planned") {
    await interaction.reply({ content: "This plan is no longer waiting (it was submitted, cancelled, or it expired): run `/batch submit` again.", flags: MessageFlags.Ephemeral });
    return;
  }
  if (waiting.owner?.userId !== interaction.user.id) {
    await interaction.reply({ content: `Only <@${waiting.owner?.userId ?? ""}> can confirm or cancel this plan.`, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  const deps = batchDepsOf(context, interaction.client);
  const runner = submissionRunnerOf(deps);
  const shown = interaction.message.content;
  if (parsed.action === "confirm" && !planLapsed(waiting, context.now())) {
    try {
      // Asked again: the plan may have waited for hours, the day's spend (or the allow-lists) moved meanwhile.
      await checkMaySpend(interaction, context, waiting.estimateUsd ?? 0);
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      const refused = await applySubmissionEvent(runner, parsed.id, { type: "refused", reason: error.userMessage });
      if (refused.outcome !== "ran" || !refused.taken) throw new UserFacingError("This plan is already being submitted or cancelled.");
      await interaction.update({ content: `${shown}\n❌ Not submitted: ${error.userMessage}`, components: [] });
      return;
    }
  }
  const event = parsed.action === "cancel" ? ({ type: "cancel" } as const) : ({ type: "confirm", messageId: interaction.message.id } as const);
  const pressed = await applySubmissionEvent(runner, parsed.id, event, { effects: "later" });
  if (pressed.outcome === "busy") {
    await interaction.reply({ content: "This plan is already being submitted or cancelled.", flags: MessageFlags.Ephemeral });
    return;
  }
  if (pressed.outcome !== "ran" || !pressed.taken) {
    await interaction.reply({ content: "This plan is no longer waiting (it was submitted, cancelled, or it expired): run `/batch submit` again.", flags: MessageFlags.Ephemeral });
    return;
  }
  const state = pressed.submission.state;
  const answer = state === "cancelled" ? "⏹️ Cancelled; nothing was spent." : state === "expired" ? `⌛ This plan expired ${discordTime(waiting.expiresAt ?? "")}; nothing was spent. Run \`/batch submit\` again.` : "⏳ Submitting…";
  await interaction.update({ content: `${shown}\n${answer}`, components: [] });
  if (state !== "submitting") {
    await advancePressed(pressed.submission, deps, runner);
    return;
  }
  const show: ShowReply = (content, files = []) => interaction.editReply({ content, components: [], files });
  // Shown once the turn is over and the submission's lease is free again, so the watcher can take it at once.
  const resumed = await advancePressed(pressed.submission, deps, runner);
  const output = submitOutputOf(resumed);
  if (output === undefined) await showNotYet(resumed, shown, context, show);
  else await showSubmitted(output, shown, context, show);
}

/**
 * What the press asked for (stored already), done through the advance queue: by a worker of any bot process on a
 * shared Redis, in this one on sqlite. Before the watcher opened its queues, this process does it.
 */
async function advancePressed(submission: Submission, deps: PoolDispatchDeps, runner: SubmissionRunnerDeps): Promise<RunOutcome> {
  const resume = resumeJobOf(submission);
  const advance = deps.runtime.advanceSubmission;
  // Anything but a batch job (an on-demand answer, a pool to join) answers with files this process writes and shows
  // under the plan: on another machine of the fleet they would not be here to attach, so this process does the turn.
  const local = submission.figures?.decision.action !== "batch";
  if (resume === undefined || advance === undefined || local) return resumeSubmission(runner, submission.id);
  return advance(resume.key, resume.job);
}

function planLapsed(submission: Pick<Submission, "expiresAt">, now: Date): boolean {
  return submission.expiresAt !== undefined && Date.parse(submission.expiresAt) <= now.getTime();
}

/** Edits the plan's reply; files are the on-demand results. */
type ShowReply = (content: string, files?: { attachment: string; name: string }[]) => Promise<unknown>;

function submitOutputOf(outcome: RunOutcome): SubmitRunOutput | undefined {
  return outcome.outcome === "ran" ? (outcome.outputs.submit_run as SubmitRunOutput | undefined) : undefined;
}

/** The plan's reply when its submission is not out by the end of this press: the watcher finishes it. */
async function showNotYet(outcome: RunOutcome, shown: string, context: BatchCommandContext, show: ShowReply): Promise<void> {
  context.logger.warn({ outcome: outcome.outcome }, "a confirmed batch submission is not out yet; the watcher resumes it");
  await show(`${shown}\n⏳ Submitting… this takes longer than usual; the status follows here.`);
}

/** The plan's reply once the submission went out: the jobs' status, the on-demand answers, the wait, the refusal. */
async function showSubmitted(output: SubmitRunOutput, shown: string, context: BatchCommandContext, show: ShowReply): Promise<void> {
  switch (output.action) {
    case "batch": {
      const now = context.now();
      await show(output.jobs.map((row) => renderJobProgress({ jobName: row.jobName, model: row.model, state: row.state, startedAt: row.submittedAt ?? row.createdAt, now })).join("\n\n"));
      return;
    }
    case "on_demand":
      await show(`${shown}\n✅ Answered on demand: ${output.succeeded} of ${output.records} records succeeded, ${describeOnDemandCost(output)}.${output.notes.map((note) => `\n-# ℹ️ ${note}`).join("")}`, output.csv === undefined ? [] : [{ attachment: output.csv, name: "results.csv" }]);
      return;
    case "wait":
      await show(`${shown}\n⏳ ${output.told}`);
      return;
    case "refused":
      await show(`${shown}\n❌ Not submitted: ${output.reason}`);
      return;
    default: {
      const unexpected: never = output;
      throw new Error(`unknown submit output ${JSON.stringify(unexpected)}`);
    }
  }
}

/** The attached files' bytes, downloaded now (their CDN links expire), and the S3 source if one was given. */
async function collectSources(interaction: ChatInputCommandInteraction, context: BotContext): Promise<InputSource[]> {
  const sources: InputSource[] = [];
  for (let index = 1; index <= MAX_BATCH_FILES; index++) {
    const attachment = interaction.options.getAttachment(fileOption(index));
    if (attachment === null) continue;
    sources.push({ kind: "file", filename: attachment.name, bytes: await downloadBatchAttachment(attachment, context) });
  }
  const source = interaction.options.getString(SUBMIT_OPTIONS.source);
  if (source !== null) {
    if (!source.startsWith("s3://")) throw new UserFacingError(`The source must be an S3 prefix (s3://bucket/prefix/), not "${source.slice(0, 60)}".`);
    sources.push({ kind: "s3", uri: source });
  }
  if (sources.length === 0) throw new UserFacingError("Attach at least one file (file1…file10) or give a source (s3://bucket/prefix/).");
  return sources;
}

/** One attachment's bytes from Discord's CDN (allowed hosts, size cap); a refusal names the file. */
export async function downloadBatchAttachment(attachment: Pick<Attachment, "id" | "name" | "url" | "size">, context: BotContext): Promise<Uint8Array> {
  try {
    return await downloadAttachment({ id: attachment.id, filename: attachment.name, url: attachment.url, size: attachment.size }, { fetch: context.fetch, config: context.config.data.bot });
  } catch (error) {
    if (error instanceof UserFacingError) throw new UserFacingError(`Could not read "${attachment.name}": ${error.userMessage}.`);
    throw error;
  }
}

/** `[batch]` allow lists and the guild's daily spend cap, with the run's estimate (`checkBatchSpend`). */
export async function checkMaySpend(interaction: Pick<CommandInteraction | ButtonInteraction, "member" | "user" | "guildId">, context: BotContext, estimatedCostUsd: number): Promise<void> {
  await checkMaySpendAs({ userId: interaction.user.id, roleIds: roleIdsOf(interaction.member), ...(interaction.guildId === null ? {} : { guildId: interaction.guildId }) }, context, estimatedCostUsd);
}

/** A member's role ids, from a cached `GuildMember` or an interaction's raw member; none outside a guild. */
export function roleIdsOf(member: CommandInteraction["member"]): string[] {
  const known = member as GuildMember | null;
  return known === null ? [] : Array.isArray(known.roles) ? (known.roles as string[]) : [...known.roles.cache.keys()];
}

/** Who is about to spend, for `checkMaySpendAs`: a command's user, or the asker of a chat answer. */
export interface Spender {
  userId: string;
  roleIds: readonly string[];
  guildId?: string;
}

/** `checkMaySpend` for someone who is not pressing or running anything (the asker of a chat answer). */
export async function checkMaySpendAs(spender: Spender, context: BotContext, estimatedCostUsd: number): Promise<void> {
  const now = context.now();
  const { guildId } = spender;
  const decision = checkBatchSpend(
    {
      userId: spender.userId,
      roleIds: spender.roleIds,
      ...(guildId === undefined ? {} : { guildId }),
      spentTodayUsd: guildId === undefined ? 0 : await context.usage.spentToday(guildId, now),
      estimatedCostUsd,
      now: now.getTime(),
    },
    { batch: context.config.data.batch, bot: context.config.data.bot },
  );
  if (!decision.allowed) throw new UserFacingError(decision.reason);
}

export function placeOf(interaction: CommandInteraction): { channelId: string; threadId?: string } {
  const channel = interaction.channel;
  if (channel?.isThread() === true && channel.parentId !== null) return { channelId: channel.parentId, threadId: channel.id };
  return { channelId: interaction.channelId };
}
