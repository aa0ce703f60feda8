/**
 * `/batch submit`: defers at once, downloads the attached files from Discord's CDN right away (their URLs expire;
 * allowed CDN hosts and the size cap are checked by `downloadAttachment`), plans the run, and answers with the plan
 * and Confirm / Cancel buttons (`[batch] confirm = false` skips the question). The waiting plan is kept in the store
 * with its records in S3 (`pending-batch-plans.ts`) for a day, so Confirm works on any instance and after a restart,
 * and submits once however often it is pressed. Confirm submits the plan: job rows are stored (with the owner: user,
 * guild, channel, thread and this reply's id) before Bedrock is called, and the reply becomes the jobs' status
 * message, which the watcher edits until it posts the completion notice.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, type Attachment, type ButtonInteraction, type ChatInputCommandInteraction, type CommandInteraction, type GuildMember, type Message } from "discord.js";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { InputSource } from "../../bedrock/batch/inputs/input-item.ts";
import { allowedSourceBuckets } from "../../bedrock/batch/inputs/list-s3-prefix.ts";
import type { JobOwner } from "../../store/job-owner.ts";
import { createRunId } from "../../bedrock/batch/jobs/job-names.ts";
import { planBatchRun } from "../../bedrock/batch/run/plan-batch-run.ts";
import { submitBatchRun } from "../../bedrock/batch/run/submit-batch-run.ts";
import { chooseModel } from "../../bedrock/models/choose-model.ts";
import { policyFromFlags, promptSpecFromFlags } from "../../bedrock/batch/run/batch-run-flags.ts";
import { findModel } from "../../config/index.ts";
import type { BotContext } from "../bot-context.ts";
import { downloadAttachment } from "../discord/download-attachment.ts";
import { fileOption, MAX_BATCH_FILES, SUBMIT_OPTIONS } from "./batch-command-definition.ts";
import { checkBatchSpend } from "./check-batch-permission.ts";
import { discordTime } from "../render/discord-time.ts";
import { formatUsd } from "../../format/format-usd.ts";
import { onDemandUsageRecord } from "./record-batch-usage.ts";
import { renderBatchPlan } from "./render-batch-plan.ts";
import { renderJobProgress } from "./render-job-progress.ts";
import { joinWaitPool } from "./join-wait-pool.ts";
import { removeFromDraft, type DraftPick } from "./batch-drafts.ts";
import { draftAccessOf } from "./batch-runtime.ts";
import type { BatchCommandContext } from "./batch-command-context.ts";
import { discardHeldRecords, pendingPlanDepsOf, pendingPlanExpired, storePendingPlan, takePendingPlan, type PendingBatchPlan, type PendingPlanDeps, type StoredPendingPlan } from "./pending-batch-plans.ts";
import { planFromHeldRecords } from "./plan-from-held-records.ts";
import { batchButtonId, type BatchButtonAction } from "./batch-button-id.ts";



export function requireBatch(context: BotContext): BatchCommandContext {
  const batch = context.batch;
  if (batch === undefined || context.config.data.batch.bucket === undefined) {
    throw new UserFacingError("Batch jobs are not set up on this bot: its owner needs a `[batch]` section with a bucket.");
  }
  return { ...context, batch };
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
 * Defers, plans the run from `inputs` and the command's prompt/template, mode, system, model, max_tokens and policy
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
  const policy = policyName === null ? undefined : policyFromFlags({ policy: policyName });
  const promptSpec = promptSpecFromFlags({ prompt: prompt === null ? [] : [prompt], ...(template === null ? {} : { template }), ...(mode === null ? {} : { mode }) }, model);
  const provider = context.batch.providerFor(model);
  const plan = await planBatchRun({
    sources,
    model,
    promptSpec,
    settings: { ...(system === null ? {} : { system }), ...(maxTokens === null ? {} : { maxTokens }) },
    ...(policy === undefined ? {} : { policy }),
    batch: context.config.data.batch,
    expandDeps: { s3: context.batch.s3(provider), allowedBuckets: allowedSourceBuckets(context.config.data.batch) },
  });
  if (plan.decision.action === "reject") throw new UserFacingError(`${renderBatchPlan(plan, { confirm: false })}\n❌ Nothing was submitted.`);
  await checkMaySpend(interaction, context, plan.estimate.chosenUsd);
  const pending: PendingBatchPlan = {
    plan,
    userId: interaction.user.id,
    ...(interaction.guildId === null ? {} : { guildId: interaction.guildId }),
    ...placeOf(interaction),
    ...(typeof interaction.attachmentSizeLimit === "number" ? { uploadLimitBytes: interaction.attachmentSizeLimit } : {}),
    provider,
    ...(inputs.fromDraft === undefined ? {} : { fromDraft: inputs.fromDraft }),
  };
  if (!context.config.data.batch.confirm) {
    const reply = await interaction.editReply({ content: renderBatchPlan(plan, { confirm: false }), allowedMentions: { parse: [] } });
    await executePlan(pending, reply, context, (content, files = []) => interaction.editReply({ content, components: [], files }));
    return;
  }
  const id = randomUUID().slice(0, 12);
  const stored = await storePendingPlan(pendingPlanDepsOf(context.batch, context.config.data.batch), id, pending);
  const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(batchButtonId("confirm", id)).setLabel("Confirm").setStyle(ButtonStyle.Primary),
    new ButtonBuilder().setCustomId(batchButtonId("cancel", id)).setLabel("Cancel").setStyle(ButtonStyle.Secondary),
  );
  const until = `Confirm is possible until ${discordTime(stored.expiresAt)}; after that the plan expires and nothing is spent.`;
  await interaction.editReply({ content: `${renderBatchPlan(plan, { confirm: true })}\n${until}`, components: [buttons], allowedMentions: { parse: [] } });
}

/**
 * Confirm / Cancel under a plan; only the person who asked may press them. The plan is read from the store, so the
 * press may reach any instance, before or after a restart; `takePendingPlan` lets one press (or the expiry sweep)
 * have it, and the held records are deleted whatever it ends in.
 */
export async function handleBatchButton(interaction: ButtonInteraction, context: BatchCommandContext, parsed: { action: BatchButtonAction; id: string }): Promise<void> {
  const deps = pendingPlanDepsOf(context.batch, context.config.data.batch);
  const waiting = await deps.plans.get(parsed.id);
  if (waiting === undefined) {
    await interaction.reply({ content: "This plan is no longer waiting (it was submitted, cancelled, or it expired): run `/batch submit` again.", flags: MessageFlags.Ephemeral });
    return;
  }
  if (waiting.userId !== interaction.user.id) {
    await interaction.reply({ content: `Only <@${waiting.userId}> can confirm or cancel this plan.`, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    return;
  }
  const taken = await takePendingPlan(deps, parsed.id);
  if (taken === undefined) {
    await interaction.reply({ content: "This plan is already being submitted or cancelled.", flags: MessageFlags.Ephemeral });
    return;
  }
  try {
    await endPendingPlan(interaction, context, deps, taken, parsed.action);
  } finally {
    await discardHeldRecords(deps, taken).catch((error: unknown) => context.logger.warn({ err: error, plan: taken.id }, "could not delete a plan's held records"));
  }
}

async function endPendingPlan(interaction: ButtonInteraction, context: BatchCommandContext, deps: PendingPlanDeps, taken: StoredPendingPlan, action: BatchButtonAction): Promise<void> {
  const shown = interaction.message.content;
  if (pendingPlanExpired(taken, context.now())) {
    await interaction.update({ content: `${shown}\n⌛ This plan expired ${discordTime(taken.expiresAt)}; nothing was spent. Run \`/batch submit\` again.`, components: [] });
    return;
  }
  if (action === "cancel") {
    await interaction.update({ content: `${shown}\n⏹️ Cancelled; nothing was spent.`, components: [] });
    return;
  }
  await interaction.update({ content: `${shown}\n⏳ Submitting…`, components: [] });
  try {
    const { figures, heldRunId, ...request } = taken;
    const model = findModel(context.config, figures.model);
    if (model === undefined) throw new UserFacingError(`the model ${figures.model} is no longer set up on this bot.`);
    // Asked again: the plan may have waited for hours, the day's spend (or the allow-lists) moved meanwhile.
    await checkMaySpend(interaction, context, figures.estimate.chosenUsd);
    const plan = await planFromHeldRecords(deps.heldPlace(taken.provider), heldRunId, figures, model);
    await executePlan({ ...request, plan }, interaction.message, context, (content, files = []) => interaction.editReply({ content, components: [], files }));
  } catch (error) {
    const reason = error instanceof UserFacingError ? error.userMessage : "something went wrong; see the bot's log.";
    context.logger.error({ err: error }, "batch submit failed");
    await interaction.editReply({ content: `${shown}\n❌ Not submitted: ${reason}`, components: [] });
  }
}

/** Edits the plan's reply; files are the on-demand results. */
type ShowReply = (content: string, files?: { attachment: string; name: string }[]) => Promise<unknown>;

async function executePlan(pending: PendingBatchPlan, reply: Message, context: BatchCommandContext, show: ShowReply): Promise<void> {
  const { plan } = pending;
  const runId = createRunId(context.now());
  const owner: JobOwner = {
    userId: pending.userId,
    ...(pending.guildId === undefined ? {} : { guildId: pending.guildId }),
    channelId: pending.channelId,
    ...(pending.threadId === undefined ? {} : { threadId: pending.threadId }),
    messageId: reply.id,
    ...(pending.uploadLimitBytes === undefined ? {} : { uploadLimitBytes: pending.uploadLimitBytes }),
  };
  const submitted = await submitBatchRun({
    plan,
    runId,
    provider: pending.provider,
    batch: context.config.data.batch,
    clients: { control: context.batch.control(pending.provider), s3: context.batch.s3(pending.provider), converse: context.batch.converse(pending.provider) },
    store: context.batch.store,
    now: context.now,
    owner,
    outDir: join(context.batch.workDir, "bdb-results", runId),
  });
  if (pending.fromDraft !== undefined) {
    // The job has its own copy of the inputs now; a failed clean-up only leaves the files for `/batch clear` or expiry.
    await removeFromDraft(draftAccessOf(context.batch, context.config), pending.fromDraft).catch((error: unknown) => context.logger.warn({ err: error }, "could not empty a submitted batch draft"));
  }
  switch (submitted.action) {
    case "batch": {
      const now = context.now();
      await show(submitted.jobs.map((row) => renderJobProgress({ jobName: row.jobName, model: row.model, state: row.state, startedAt: row.submittedAt ?? row.createdAt, now })).join("\n\n"));
      context.batch.wakeWatcher?.();
      return;
    }
    case "on_demand": {
      // Small enough to answer now: the results go under the plan (a few records make a small CSV).
      // Spent already: recorded before anything else can fail, so /usage and the spend cap see it.
      await context.usage
        .record(onDemandUsageRecord(plan.model, submitted.manifest, owner, context.now()))
        .catch((error: unknown) => context.logger.error({ err: error, runId }, "recording on-demand batch usage failed"));
      const csv = submitted.collected.files.csv;
      await show(
        `${renderBatchPlan(plan, { confirm: false })}\n✅ Answered on demand: ${submitted.collected.results.counts.succeeded} of ${plan.counts.records} records succeeded, ${formatUsd(submitted.costUsd)}.`,
        csv === undefined ? [] : [{ attachment: csv, name: "results.csv" }],
      );
      return;
    }
    case "wait": {
      const told = await joinWaitPool({ plan, runId, provider: pending.provider, owner, context, client: reply.client });
      await show(`${renderBatchPlan(plan, { confirm: false })}\n⏳ ${told}`);
      return;
    }
    default: {
      const unexpected: never = submitted;
      throw new Error(`unknown submit outcome ${JSON.stringify(unexpected)}`);
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
export async function downloadBatchAttachment(attachment: Attachment, context: BotContext): Promise<Uint8Array> {
  try {
    return await downloadAttachment({ id: attachment.id, filename: attachment.name, url: attachment.url, size: attachment.size }, { fetch: context.fetch, config: context.config.data.bot });
  } catch (error) {
    if (error instanceof UserFacingError) throw new UserFacingError(`Could not read "${attachment.name}": ${error.userMessage}.`);
    throw error;
  }
}

/** `[batch]` allow lists and the guild's daily spend cap, with the run's estimate (`checkBatchSpend`). */
export async function checkMaySpend(interaction: Pick<CommandInteraction | ButtonInteraction, "member" | "user" | "guildId">, context: BotContext, estimatedCostUsd: number): Promise<void> {
  const member = interaction.member as GuildMember | null;
  const roleIds: readonly string[] = member === null ? [] : Array.isArray(member.roles) ? (member.roles as string[]) : [...member.roles.cache.keys()];
  const now = context.now();
  const guildId = interaction.guildId ?? undefined;
  const decision = checkBatchSpend(
    {
      userId: interaction.user.id,
      roleIds,
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
