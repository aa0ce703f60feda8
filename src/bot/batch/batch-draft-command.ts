/**
 * The draft across messages: `/batch add` (its file options), the message menu's "Add to batch" (every attachment
 * of that message), `/batch draft`, `/batch run` (the draft planned and confirmed as `/batch submit` does, through
 * `proposeBatchPlan`) and `/batch clear`. Files are downloaded and copied to S3 when they are queued (`batch-drafts.ts`):
 * Discord's CDN links expire long before a member may get to `/batch run`.
 */
import { randomUUID } from "node:crypto";
import { MessageFlags, type Attachment, type ChatInputCommandInteraction, type CommandInteraction, type MessageContextMenuCommandInteraction } from "discord.js";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import type { BotContext } from "../bot-context.ts";
import { fileOption, MAX_BATCH_FILES } from "./batch-command-definition.ts";
import { addToDraft, clearDraft, draftSources, readDraft, renderDraft, type DraftPlace, type QueuedBytes } from "./batch-drafts.ts";
import { draftAccessOf } from "./batch-runtime.ts";
import { chooseModel } from "../../bedrock/models/choose-model.ts";
import type { BatchCommandContext } from "./batch-command-context.ts";
import { checkMaySpend, downloadBatchAttachment, placeOf, proposeBatchPlan, requireBatch } from "./batch-submit-command.ts";

/** `/batch add file1…file10`. */
export async function handleBatchAdd(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  const attachments: Attachment[] = [];
  for (let index = 1; index <= MAX_BATCH_FILES; index++) {
    const attachment = interaction.options.getAttachment(fileOption(index));
    if (attachment !== null) attachments.push(attachment);
  }
  if (attachments.length === 0) throw new UserFacingError("Attach at least one file (file1…file10) to add it to your draft.");
  await queue(interaction, context, attachments);
}

/** "Add to batch" on a message: all of its attachments. */
export async function handleAddToBatchMenu(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void> {
  const batch = requireBatch(context);
  const attachments = [...interaction.targetMessage.attachments.values()];
  if (attachments.length === 0) throw new UserFacingError("That message has no attachments to add.");
  await queue(interaction, batch, attachments, interaction.targetMessage.id);
}

export async function handleBatchDraft(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  const access = draftAccessOf(context.batch, context.config);
  const draft = await readDraft(access, draftPlace(interaction));
  await interaction.reply({ content: renderDraft(draft, access.ttlHours), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

export async function handleBatchClear(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const removed = await clearDraft(draftAccessOf(context.batch, context.config), draftPlace(interaction));
  await interaction.editReply({ content: removed === 0 ? "Your draft in this channel was already empty." : `🗑️ Removed ${removed} file${removed === 1 ? "" : "s"} from your draft.` });
}

/**
 * `/batch run`: the draft's files read back from S3 under their names; once the run is submitted they leave the
 * draft (files added while the plan waited for Confirm stay for the next run).
 */
export async function handleBatchRun(interaction: ChatInputCommandInteraction, context: BatchCommandContext): Promise<void> {
  const place = draftPlace(interaction);
  const draft = await readDraft(draftAccessOf(context.batch, context.config), place);
  if (draft === undefined || draft.files.length === 0) throw new UserFacingError("Your draft in this channel is empty: queue files with `/batch add` or the message menu's **Add to batch** first.");
  await proposeBatchPlan(interaction, context, {
    sources: () => draftSources(draft, context.batch.s3(draft.provider)),
    fromDraft: { place, keys: draft.files.map((file) => file.key) },
  });
}

async function queue(interaction: CommandInteraction, context: BatchCommandContext, attachments: readonly Attachment[], messageId?: string): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await checkMaySpend(interaction, context, 0);
  const files: QueuedBytes[] = [];
  for (const attachment of attachments) {
    files.push({ filename: attachment.name, bytes: await downloadBatchAttachment(attachment, context), ...(messageId === undefined ? {} : { messageId }) });
  }
  const bucket = context.config.data.batch.bucket;
  if (bucket === undefined) throw new Error("requireBatch let a bucketless config through");
  const place = draftPlace(interaction);
  const access = draftAccessOf(context.batch, context.config);
  const before = await readDraft(access, place);
  const provider = before?.provider ?? context.batch.providerFor(chooseModel(context.config, "batch", undefined).model);
  const draft = await addToDraft({ ...access, bucket, prefix: context.config.data.batch.prefix, provider, newId: () => randomUUID().slice(0, 8) }, place, files);
  const names = files.map((file) => `\`${file.filename}\``).join(", ");
  await interaction.editReply({ content: `➕ Added ${names} to your batch draft (${draft.files.length} file${draft.files.length === 1 ? "" : "s"} now). \`/batch run\` submits it.`, allowedMentions: { parse: [] } });
}

/** One draft per member per channel (a thread counts as its own channel). */
function draftPlace(interaction: CommandInteraction): DraftPlace {
  const place = placeOf(interaction);
  return { ...(interaction.guildId === null ? {} : { guildId: interaction.guildId }), channelId: place.threadId ?? place.channelId, userId: interaction.user.id };
}
