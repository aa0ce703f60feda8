/**
 * Steps of `/batch` e2e tests through the fake Discord: run `/batch submit` with a questions CSV (and, on a kit started
 * with `confirm = false`, wait until the status message is up and the fake Bedrock has the job), wait for a plan and
 * read its buttons, wait for a command's answer, find a submission's notices and read their results.csv, list what the bot keeps in S3.
 */
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { parse as parseCsv } from "csv-parse/sync";
import { BUCKET, questionsCsv } from "../../bedrock/batch/run/batch-run-kit.ts";
import type { FakeInteraction, StoredMessage } from "../../fakes/discord/index.ts";
import type { BatchBot, BatchBotKit } from "./batch-bot-kit.ts";

/** What the steps use of a rig: the fakes, the config and the seeded ids (a bot kit, or the crash suite's rig). */
export type BatchStepsKit = Pick<BatchBotKit, "discord" | "bedrock" | "s3rver" | "config" | "ids">;

/** discord.js tries a request 1 + 3 times on 5xx before giving up. */
export const DISCORD_ATTEMPTS = 4;

export interface SubmitQuestionsOptions {
  /** Default: #general. */
  channelId?: string;
  /** Default: alice. */
  userId?: string;
  /** The CSV; default `rows` short questions. */
  bytes?: Uint8Array;
  /** Default: 100. */
  rows?: number;
  /** Default: nova-lite. */
  model?: string;
  maxTokens?: number;
  policy?: "batch" | "on_demand" | "wait";
  /** A JSON Schema file attached as `schema:`. */
  schema?: { filename: string; bytes: string };
  /** `columns:` (which input columns the results keep), e.g. "-question". */
  columns?: string;
}

/** Runs `/batch submit` of a questions CSV (template `Answer briefly: {question}`); returns the interaction. */
export function runQuestions(kit: BatchStepsKit, options: SubmitQuestionsOptions = {}): FakeInteraction {
  return kit.discord.runCommand({
    name: "batch",
    subcommand: "submit",
    channelId: options.channelId ?? kit.ids.general,
    userId: options.userId ?? kit.ids.alice,
    options: {
      file1: { filename: "questions.csv", bytes: options.bytes ?? questionsCsv(options.rows ?? 100), contentType: "text/csv" },
      template: "Answer briefly: {question}",
      model: options.model ?? "nova-lite",
      ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      ...(options.schema === undefined ? {} : { schema: { ...options.schema, contentType: "application/json" } }),
      ...(options.columns === undefined ? {} : { columns: options.columns }),
    },
  });
}

/** `/batch submit` of one CSV by alice in #general with the given options (prompt, model, mode, columns, sink...). */
export function submitCsv(kit: BatchStepsKit, filename: string, bytes: Uint8Array, options: Record<string, string | number>): FakeInteraction {
  return kit.discord.runCommand({
    name: "batch",
    subcommand: "submit",
    channelId: kit.ids.general,
    userId: kit.ids.alice,
    options: { file1: { filename, bytes, contentType: "text/csv" }, ...options },
  });
}

/** Lets the fake's submitted jobs run to their end and the bot post their notices (two poll cycles around it). */
export async function finishJobs(kit: BatchStepsKit, bot: Pick<BatchBot, "poll">): Promise<void> {
  await kit.bedrock.advance(2 * 60_000);
  await bot.poll();
  await kit.bedrock.batch.settle();
  await bot.poll();
}

/** `runQuestions` on a `confirm = false` kit; resolves with the submission's status message and the job's name. */
export async function submitQuestions(kit: BatchStepsKit, options: SubmitQuestionsOptions = {}): Promise<{ status: StoredMessage; jobName: string }> {
  const before = kit.bedrock.batch.jobs().length;
  const command = runQuestions(kit, options);
  const status = await kit.discord.waitFor(() => {
    const reply = kit.discord.originalResponse(command);
    return reply?.content.includes("⏳ Batch job") === true && kit.bedrock.batch.jobs().length > before ? reply : undefined;
  }, { description: "the status message of a submitted job" });
  return { status, jobName: kit.bedrock.batch.jobs().at(-1)?.jobName ?? "" };
}

/** The reply to a submission once it is a plan showing its Confirm and Cancel buttons. */
export async function planOf(kit: BatchStepsKit, command: FakeInteraction, description = "the plan with its buttons"): Promise<StoredMessage> {
  return await kit.discord.waitFor(() => {
    const reply = kit.discord.originalResponse(command);
    return reply !== undefined && reply.components.length > 0 ? reply : undefined;
  }, { description });
}

/** The custom id of a plan's Confirm or Cancel button. */
export function buttonId(plan: StoredMessage, action: "confirm" | "cancel"): string {
  const ids = plan.components.flatMap((row) => (row as { components: { custom_id: string }[] }).components.map((button) => button.custom_id));
  const id = ids.find((candidate) => candidate.includes(`:${action}:`));
  if (id === undefined) throw new Error(`no ${action} button in ${JSON.stringify(ids)}`);
  return id;
}

/** `userId` (default alice) presses the plan's Confirm or Cancel. */
export function press(kit: BatchStepsKit, plan: StoredMessage, action: "confirm" | "cancel", userId = kit.ids.alice): FakeInteraction {
  return kit.discord.clickButton({ messageId: plan.id, customId: buttonId(plan, action), userId });
}

/** A command's answer: an immediate reply's data, or the deferred reply once it was edited. */
export async function answerText(kit: BatchStepsKit, interaction: FakeInteraction): Promise<string> {
  return await kit.discord.waitFor(() => {
    if (interaction.response?.type === 4) return JSON.stringify(interaction.response.data);
    const content = kit.discord.originalResponse(interaction)?.content;
    return content === undefined || content === "" ? undefined : content;
  }, { description: "the command's answer" });
}

/** A channel's messages replying to `messageId` (a submission's status message or wait answer). */
export function repliesTo(kit: BatchStepsKit, channelId: string, messageId: string): StoredMessage[] {
  return kit.discord.messages(channelId).filter((message) => message.messageReference?.message_id === messageId);
}

/** The bot's completion notices (messages with an embed) replying to `messageId` in a channel. */
export function noticesFor(kit: BatchStepsKit, channelId: string, messageId: string): StoredMessage[] {
  return repliesTo(kit, channelId, messageId).filter((message) => message.embeds.length > 0);
}

/** A channel's messages carrying the marker of `noticeId` (or of ids it starts): part 1's embed footer, the others' subtext line. */
export function noticeParts(kit: BatchStepsKit, channelId: string, noticeId: string): StoredMessage[] {
  const marked = (message: StoredMessage) => [message.content, ...message.embeds.map((embed) => embed.footer?.text ?? "")].some((text) => text.includes(`job ${noticeId}`));
  return kit.discord.messages(channelId).filter(marked);
}

/** The rows of the message's results.csv. */
export function csvRows(notice: StoredMessage): Record<string, string>[] {
  const file = notice.attachments.find((attachment) => attachment.filename === "results.csv");
  if (file === undefined) throw new Error(`no results.csv on ${notice.id}`);
  return parseCsv<Record<string, string>>(Buffer.from(file.bytes).toString("utf8"), { columns: true });
}

/** The keys of the batch bucket under `folder` of the configured prefix (`drafts/`, `runs/pending-`). */
export async function keysUnder(kit: BatchStepsKit, folder: string): Promise<string[]> {
  const listed = await kit.s3rver.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${kit.config.data.batch.prefix}${folder}` }));
  return (listed.Contents ?? []).map((object) => object.Key ?? "");
}

/** Takes back a permission overwrite set on the bot in `channelId` (e.g. by `setBotPermissions`). */
export function restoreBotPermissions(kit: BatchStepsKit, channelId: string): void {
  kit.discord.setPermissionOverwrite(channelId, { id: kit.ids.bot, type: 1, allow: 0n, deny: 0n });
}
