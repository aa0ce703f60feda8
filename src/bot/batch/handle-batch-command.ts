/**
 * `/batch <subcommand>` and its autocomplete (batch-capable models with their price; the user's own job names and
 * waiting submissions). `status`, `list` and `cancel` read the batch store and the waiting pools (a submission of
 * policy `wait` is known by its contribution id until it leaves its pool; `waiting-submissions.ts`); `submit` is
 * `batch-submit-command.ts`, the draft (`add`, `draft`, `run`, `clear`) `batch-draft-command.ts`, `results`
 * `batch-results-command.ts`.
 */
import { MessageFlags, type AutocompleteInteraction, type ChatInputCommandInteraction } from "discord.js";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { Submission } from "../../bedrock/batch/lifecycle/submission.ts";
import type { BatchJobRow } from "../../bedrock/batch/jobs/batch-job-row.ts";
import type { JobOwner } from "../../store/job-owner.ts";
import { findJobRow, sortJobRows } from "../../bedrock/batch/jobs/batch-store.ts";
import { jobStateTraits } from "../../bedrock/batch/jobs/job-state.ts";
import { stopBatchJob } from "../../bedrock/batch/jobs/stop-batch-job.ts";
import { batchCapability } from "../../bedrock/batch/records/batch-capability.ts";
import type { BotContext } from "../bot-context.ts";
import { BATCH_SUBCOMMANDS, JOB_OPTION, LIST_SCOPE_OPTION, LIST_SCOPES, SUBMIT_OPTIONS, type ListScope } from "./batch-command-definition.ts";
import type { BatchCommandContext } from "./batch-command-context.ts";
import { batchDepsOf, handleBatchSubmit, requireBatch } from "./batch-submit-command.ts";
import { tellSubmissionOf } from "./submission-effects.ts";
import { handleBatchAdd, handleBatchClear, handleBatchDraft, handleBatchRun } from "./batch-draft-command.ts";
import { handleBatchResults, jobAccessRequest } from "./batch-results-command.ts";
import { canActOnJob, checkJobAccess, type JobAccessRequest } from "./check-batch-permission.ts";
import { describeSubmissionLines } from "./describe-submission.ts";
import { renderJobProgress } from "./render-job-progress.ts";
import {
  describeLeaving,
  describeNoLongerWaiting,
  describeWaitingChoice,
  describeWaitingStatus,
  describeWithdrawn,
  findSubmission,
  waitingSubmissions,
  type FoundSubmission,
} from "./waiting-submissions.ts";
import { withdrawWaitingSubmission } from "./withdraw-waiting-submission.ts";
import type { Pipeline } from "../../bedrock/batch/pipeline/pipeline.ts";
import { renderPipelineProgress } from "./render-pipeline-progress.ts";

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
  if (context.batch === undefined) {
    await interaction.respond([]);
    return;
  }
  const mine = (owner: JobOwner | undefined, id: string) => owner?.userId === interaction.user.id && id.toLowerCase().includes(typed);
  // Waiting submissions first: they are what a member most likely wants to check on or withdraw.
  const waiting = waitingSubmissions(await context.batch.pools.all())
    .filter((each) => mine(each.contribution.owner, each.contribution.id))
    .map((each) => ({ name: describeWaitingChoice(each), value: each.contribution.id }));
  const jobs = sortJobRows(await context.batch.store.jobs.all())
    .reverse()
    .filter((row) => mine(row.owner, row.jobName))
    .map((row) => ({ name: `${row.jobName} · ${jobStateTraits(row.state).label}`, value: row.jobName }));
  await interaction.respond([...waiting, ...jobs].slice(0, MAX_SUGGESTIONS).map((choice) => ({ ...choice, name: choice.name.slice(0, 100) })));
}

/** What a `job` option names: a job row, a submission of policy `wait` known to a pool, or any other submission. */
type BatchSubject = { kind: "job"; row: BatchJobRow } | { kind: "waiting"; found: FoundSubmission } | { kind: "submission"; submission: Submission };

/** `cancel` acts on jobs and waiting submissions only; `status` also shows any other submission by its id. */
async function findSubject(context: BatchCommandContext, reference: string, anySubmission = false): Promise<BatchSubject> {
  const row = await findJobRow(context.batch.store, reference);
  if (row !== undefined) return { kind: "job", row };
  const found = findSubmission(await context.batch.pools.all(), reference);
  if (found !== undefined) return { kind: "waiting", found };
  const submission = anySubmission ? await context.batch.submissions.get(reference) : undefined;
  if (submission !== undefined) return { kind: "submission", submission };
  throw new UserFacingError(`No batch job or waiting submission "${reference}" is known here.`);
}

/** The member's newest submission: its latest job once it has jobs, its place in a pool while it waits. */
async function latestSubject(context: BatchCommandContext, userId: string): Promise<BatchSubject> {
  const { submissions } = context.batch;
  const newest = [...(await submissions.open()), ...(await submissions.archived())]
    .filter((submission) => submission.owner?.userId === userId)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (newest === undefined) throw new UserFacingError("You have no batch jobs yet.");
  const lastJob = newest.jobNames?.at(-1);
  const row = lastJob === undefined ? undefined : await context.batch.store.jobs.get(lastJob);
  if (row !== undefined) return { kind: "job", row };
  const found = newest.state === "held" ? findSubmission(await context.batch.pools.all(), newest.id) : undefined;
  if (found !== undefined) return { kind: "waiting", found };
  return { kind: "submission", submission: newest };
}

function ownerOf(subject: BatchSubject): JobOwner | undefined {
  switch (subject.kind) {
    case "job":
      return subject.row.owner;
    case "waiting":
      return subject.found.contribution.owner;
    case "submission":
      return subject.submission.owner;
    default: {
      const unexpected: never = subject;
      throw new Error(`unknown subject ${JSON.stringify(unexpected)}`);
    }
  }
}

function nameOf(subject: BatchSubject): "job" | "submission" {
  return subject.kind === "job" ? "job" : "submission";
}

async function status(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  const reference = interaction.options.getString(JOB_OPTION);
  const subject = reference === null ? await latestSubject(context, interaction.user.id) : await findSubject(context, reference, true);
  // One member may not read another's job (its name, model and counts) unless they are an admin of its server.
  const access = checkJobAccess(ownerOf(subject), jobAccessRequest(interaction), "see", context.config.data.bot, nameOf(subject));
  if (!access.allowed) throw new UserFacingError(access.reason);
  const text = subject.kind === "job" ? jobProgress(subject.row, context.now()) : subject.kind === "waiting" ? waitingStatus(subject.found) : describeSubmissionLines(subject.submission, new Map(), []).join("\n");
  // A pipeline's stage: where the whole pipeline is, above the stage's own status.
  const pipeline = subject.kind === "job" ? await pipelineOfRun(context, subject.row.runId) : undefined;
  await interaction.reply({ content: pipeline === undefined ? text : `${renderPipelineProgress(pipeline, pipeline.runs[0]?.model ?? "")}\n\n${text}`, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** The pipeline a run is a stage of, if any. */
async function pipelineOfRun(context: BatchCommandContext, runId: string): Promise<Pipeline | undefined> {
  const stageOf = (await context.batch.submissions.get(runId))?.pipeline;
  return stageOf === undefined ? undefined : await context.batch.pipelines.get(stageOf.id);
}

function jobProgress(row: BatchJobRow, now: Date): string {
  return renderJobProgress({
    jobName: row.jobName,
    model: row.model,
    state: row.state,
    startedAt: row.submittedAt ?? row.createdAt,
    ...(row.counters === undefined ? {} : { counters: row.counters }),
    ...(row.message === undefined ? {} : { message: row.message }),
    now,
  });
}

function waitingStatus(found: FoundSubmission): string {
  return found.state === "waiting" ? describeWaitingStatus(found) : describeLeaving(found, false);
}

/**
 * Every submission the member may see, newest first, each in its state: plans awaiting Confirm, contributions waiting
 * in a pool, jobs as Bedrock reports them, and finished ones (kept `[batch] keep_finished_days`).
 */
async function list(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  const scope = (LIST_SCOPES.find((candidate) => candidate === interaction.options.getString(LIST_SCOPE_OPTION)) ?? "mine") satisfies ListScope;
  const request = jobAccessRequest(interaction);
  const { submissions } = context.batch;
  const shown = [...(await submissions.open()), ...(await submissions.archived())]
    .filter((submission) => isListed(submission.owner, scope, request, interaction.channelId, context))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (shown.length === 0) {
    await interaction.reply({ content: "No batch jobs to show.", flags: MessageFlags.Ephemeral });
    return;
  }
  const listed = shown.slice(0, LISTED_JOBS);
  const names = [...new Set(listed.flatMap((submission) => submission.jobNames ?? []))];
  const rows = new Map((await context.batch.store.jobs.getMany(names)).flatMap((row) => (row === undefined ? [] : [[row.jobName, row] as const])));
  const pools = await context.batch.pools.all();
  const all = listed.flatMap((submission) => describeSubmissionLines(submission, rows, pools));
  const lines = all.slice(0, LISTED_JOBS);
  if (shown.length > LISTED_JOBS || all.length > LISTED_JOBS) lines.push("…and more: `/batch list scope:` or `/batch status job:` narrows it down.");
  await interaction.reply({ content: lines.join("\n"), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** `channel` and `server` widen the view only over what this member may see anyway (theirs, or all as an admin). */
function isListed(owner: JobOwner | undefined, scope: ListScope, request: JobAccessRequest, channelId: string, context: BatchCommandContext): boolean {
  if (!canActOnJob(owner, request, context.config.data.bot)) return false;
  switch (scope) {
    case "mine":
      return owner?.userId === request.userId;
    case "channel":
      return owner?.channelId === channelId || owner?.threadId === channelId;
    case "server":
      return owner?.guildId !== undefined && owner.guildId === request.guildId;
    default: {
      const unexpected: never = scope;
      throw new Error(`unknown list scope ${String(unexpected)}`);
    }
  }
}

async function cancel(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  const subject = await findSubject(context, interaction.options.getString(JOB_OPTION, true));
  const access = checkJobAccess(ownerOf(subject), jobAccessRequest(interaction), "cancel", context.config.data.bot, nameOf(subject));
  if (!access.allowed) throw new UserFacingError(access.reason);
  if (subject.kind === "waiting") return withdraw(interaction, context, subject.found);
  if (subject.kind !== "job") throw new Error("cancel looks up jobs and waiting submissions only");
  const row = subject.row;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const stopped = await stopBatchJob({ control: context.batch.control(row.provider), store: context.batch.store, now: context.now }, row);
  await interaction.editReply({ content: `⏹️ ${stopped.jobName} is ${jobStateTraits(stopped.state).label}. Only records processed so far are billed; the results follow when it has stopped.` });
  context.batch.wakeWatcher?.();
}

async function withdraw(interaction: ChatInputCommandInteraction, context: BatchCommandContext, found: FoundSubmission): Promise<void> {
  if (found.state === "leaving") throw new UserFacingError(describeLeaving(found, true));
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const id = found.contribution.id;
  const result = await withdrawWaitingSubmission(context, found.pool, id);
  switch (result.outcome) {
    case "withdrawn":
      // Out of the pool: its submission ends here (a death before this leaves it held; nothing else reads it).
      await tellSubmissionOf(batchDepsOf(context, interaction.client))(id, { type: "withdrawn" });
      await interaction.editReply({ content: describeWithdrawn(result.withdrawn, found.pool.model) });
      return;
    case "dispatching":
      throw new UserFacingError(describeLeaving({ contribution: found.contribution, kind: result.kind }, true));
    case "absent":
      throw new UserFacingError(describeNoLongerWaiting(id));
    default: {
      const unexpected: never = result;
      throw new Error(`unknown withdrawal outcome ${JSON.stringify(unexpected)}`);
    }
  }
}

