/**
 * `/batch <subcommand>` and its autocomplete (batch-capable models with their price; the user's own job names).
 * `status`, `list` and `cancel` read the batch store; `submit` is `batch-submit-command.ts`, the draft (`add`, `draft`,
 * `run`, `clear`) `batch-draft-command.ts`, `results` `batch-results-command.ts`.
 */
import { MessageFlags, type AutocompleteInteraction, type ChatInputCommandInteraction } from "discord.js";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { BatchJobRow } from "../../bedrock/batch/jobs/batch-job-row.ts";
import { findJobRow, sortJobRows } from "../../bedrock/batch/jobs/batch-store.ts";
import { jobStateTraits } from "../../bedrock/batch/jobs/job-state.ts";
import { stopBatchJob } from "../../bedrock/batch/jobs/stop-batch-job.ts";
import { batchCapability } from "../../bedrock/batch/records/batch-capability.ts";
import type { BotContext } from "../bot-context.ts";
import { BATCH_SUBCOMMANDS, JOB_OPTION, LIST_SCOPE_OPTION, LIST_SCOPES, SUBMIT_OPTIONS, type ListScope } from "./batch-command-definition.ts";
import { handleBatchSubmit, requireBatch, type BatchCommandContext } from "./batch-submit-command.ts";
import { handleBatchAdd, handleBatchClear, handleBatchDraft, handleBatchRun } from "./batch-draft-command.ts";
import { handleBatchResults, jobAccessRequest } from "./batch-results-command.ts";
import { canActOnJob, checkJobAccess } from "./check-batch-permission.ts";
import { renderJobProgress } from "./render-job-progress.ts";

/** Discord: <= 25 autocomplete suggestions. */
const MAX_SUGGESTIONS = 25;
const LISTED_JOBS = 15;

export async function handleBatchCommand(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const batch = requireBatch(context);
  const subcommand = interaction.options.getSubcommand();
  switch (subcommand) {
    case BATCH_SUBCOMMANDS.submit:
      return handleBatchSubmit(interaction, batch);
    case BATCH_SUBCOMMANDS.add:
      return handleBatchAdd(interaction, batch);
    case BATCH_SUBCOMMANDS.draft:
      return handleBatchDraft(interaction, batch);
    case BATCH_SUBCOMMANDS.run:
      return handleBatchRun(interaction, batch);
    case BATCH_SUBCOMMANDS.clear:
      return handleBatchClear(interaction, batch);
    case BATCH_SUBCOMMANDS.status:
      return status(interaction, batch);
    case BATCH_SUBCOMMANDS.list:
      return list(interaction, batch);
    case BATCH_SUBCOMMANDS.cancel:
      return cancel(interaction, batch);
    case BATCH_SUBCOMMANDS.results:
      return handleBatchResults(interaction, batch);
    default:
      throw new UserFacingError(`/batch ${subcommand} is not available yet.`);
  }
}

export async function answerBatchAutocomplete(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).toLowerCase();
  if (focused.name === SUBMIT_OPTIONS.model) {
    const models = context.config.models.filter((model) => batchCapability(model).enabled && model.name.toLowerCase().includes(typed));
    await interaction.respond(
      models.slice(0, MAX_SUGGESTIONS).map((model) => ({
        name: `${model.name} · $${model.price_in}/$${model.price_out} per M tokens, half in batch`.slice(0, 100),
        value: model.name,
      })),
    );
    return;
  }
  const rows = context.batch === undefined ? [] : sortJobRows(await context.batch.store.jobs.all()).reverse();
  const mine = rows.filter((row) => row.owner?.userId === interaction.user.id && row.jobName.toLowerCase().includes(typed));
  await interaction.respond(mine.slice(0, MAX_SUGGESTIONS).map((row) => ({ name: `${row.jobName} · ${jobStateTraits(row.state).label}`.slice(0, 100), value: row.jobName })));
}

async function status(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  const reference = interaction.options.getString(JOB_OPTION);
  const row = reference === null ? latestOf(await context.batch.store.jobs.all(), interaction.user.id) : await findJobRow(context.batch.store, reference);
  if (row === undefined) throw new UserFacingError(reference === null ? "You have no batch jobs yet." : `No batch job "${reference}" is known here.`);
  // One member may not read another's job (its name, model and counts) unless they are an admin of its server.
  const access = checkJobAccess(row.owner, jobAccessRequest(interaction), "see", context.config.data.bot);
  if (!access.allowed) throw new UserFacingError(access.reason);
  const text = renderJobProgress({
    jobName: row.jobName,
    model: row.model,
    state: row.state,
    startedAt: row.submittedAt ?? row.createdAt,
    ...(row.counters === undefined ? {} : { counters: row.counters }),
    ...(row.message === undefined ? {} : { message: row.message }),
    now: context.now(),
  });
  await interaction.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

async function list(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  const scope = (LIST_SCOPES.find((candidate) => candidate === interaction.options.getString(LIST_SCOPE_OPTION)) ?? "mine") satisfies ListScope;
  const request = jobAccessRequest(interaction);
  const rows = sortJobRows(await context.batch.store.jobs.all())
    .reverse()
    // `channel` and `server` widen the view only over jobs this member may see anyway (theirs, or all as an admin).
    .filter((row) => canActOnJob(row.owner, request, context.config.data.bot))
    .filter((row) => {
      switch (scope) {
        case "mine":
          return row.owner?.userId === interaction.user.id;
        case "channel":
          return row.owner?.channelId === interaction.channelId || row.owner?.threadId === interaction.channelId;
        case "server":
          return row.owner?.guildId !== undefined && row.owner.guildId === interaction.guildId;
        default: {
          const unexpected: never = scope;
          throw new Error(`unknown list scope ${String(unexpected)}`);
        }
      }
    });
  if (rows.length === 0) {
    await interaction.reply({ content: "No batch jobs to show.", flags: MessageFlags.Ephemeral });
    return;
  }
  const lines = rows.slice(0, LISTED_JOBS).map((row) => `• \`${row.jobName}\` · ${row.model} · ${jobStateTraits(row.state).label} · ${describeCounters(row)} · <@${row.owner?.userId ?? ""}>`);
  if (rows.length > LISTED_JOBS) lines.push(`…and ${rows.length - LISTED_JOBS} more.`);
  await interaction.reply({ content: lines.join("\n"), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

async function cancel(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  const reference = interaction.options.getString(JOB_OPTION, true);
  const row = await findJobRow(context.batch.store, reference);
  if (row === undefined) throw new UserFacingError(`No batch job "${reference}" is known here.`);
  const access = checkJobAccess(row.owner, jobAccessRequest(interaction), "cancel", context.config.data.bot);
  if (!access.allowed) throw new UserFacingError(access.reason);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const stopped = await stopBatchJob({ control: context.batch.control(row.provider), store: context.batch.store, now: context.now }, row);
  await interaction.editReply({ content: `⏹️ ${stopped.jobName} is ${jobStateTraits(stopped.state).label}. Only records processed so far are billed; the results follow when it has stopped.` });
  context.batch.wakeWatcher?.();
}

function latestOf(rows: readonly BatchJobRow[], userId: string): BatchJobRow | undefined {
  return sortJobRows(rows.filter((row) => row.owner?.userId === userId)).at(-1);
}

function describeCounters(row: BatchJobRow): string {
  const counters = row.counters;
  if (counters === undefined || counters.total === 0) return `${row.records} records`;
  return `${counters.processed}/${counters.total} records`;
}
