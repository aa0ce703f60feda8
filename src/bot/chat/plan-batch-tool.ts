/**
 * `plan_batch`: the model turns a conversation into a batch job proposal. When the asker wants the same prompt run
 * over many items (a CSV or files attached in the reply chain or thread, or rows they pasted), the model calls it with
 * the prompt or template; the bot builds exactly the plan `/batch submit` builds (`holdBatchPlan`: records, skipped
 * inputs and why, policy, cost at the batch price against on demand), holds it as a `planned` submission, and posts it
 * with Confirm / Cancel in the conversation. Nothing is spent until the asker presses Confirm (`handleBatchButton`
 * lets only the submission's owner press); from there it is an ordinary `/batch` submission with the usual notice.
 *
 * The model is told "proposed, awaiting confirmation" and never a result: the job has not run. Guarded like `/batch`:
 * the `[batch]` allow lists and the spend cap (`checkMaySpendAs`, before planning and again with the estimate, and
 * once more on Confirm), batch-capable models only (`chooseModel`), the batch limits (`planBatchRun`), and one plan
 * per answer so a looping model cannot flood the channel with plans.
 */
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { InputSource } from "../../bedrock/batch/inputs/input-item.ts";
import { promptSpecFromFlags } from "../../bedrock/batch/run/batch-run-flags.ts";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import { chooseModel } from "../../bedrock/models/choose-model.ts";
import { defineTool, type Tool } from "../../bedrock/tools/tool-registry.ts";
import { formatUsd } from "../../format/format-usd.ts";
import type { JobOwner } from "../../store/job-owner.ts";
import type { BatchCommandContext } from "../batch/batch-command-context.ts";
import { checkMaySpendAs, downloadBatchAttachment, type Spender } from "../batch/batch-submit-command.ts";
import { holdBatchPlan, planMessage } from "../batch/hold-batch-plan.ts";
import type { ChatAttachment } from "./chat-message.ts";

export const PLAN_BATCH_TOOL = "plan_batch";

/** The column pasted items are put in: templates say `{item}`. */
const ITEM_COLUMN = "item";
/** Pasted rows come through the model's output: a cap keeps one call's input reasonable (files have no such cap). */
const MAX_PASTED_ITEMS = 1000;

const inputSchema = z
  .object({
    template: z
      .string()
      .min(1)
      .optional()
      .describe("Prompt template applied to each CSV/JSONL row, naming columns in braces, e.g. \"Summarise this review: {review}\". For pasted items the column is {item}."),
    prompt: z.string().min(1).optional().describe("One prompt applied to each attached file (text, image, PDF...) as a whole, e.g. \"Summarise this note in five words.\"."),
    files: z.array(z.string().min(1)).optional().describe("File names of attachments in the conversation to use; default: all of them."),
    items: z
      .array(z.string().min(1))
      .max(MAX_PASTED_ITEMS)
      .optional()
      .describe("Items the user pasted into the conversation as text (one per row), copied exactly; use instead of files when nothing is attached."),
    system: z.string().min(1).optional().describe("System prompt for every record."),
    model: z.string().min(1).optional().describe("Model name to run the batch on; default: the bot's batch model."),
    max_tokens: z.int().positive().optional().describe("Answer length cap per record, in tokens."),
  })
  .refine((input) => input.template !== undefined || input.prompt !== undefined, "give a template (for rows) or a prompt (for whole files)");

export interface PlanBatchToolDeps {
  context: BatchCommandContext;
  /** The asker: the only one who may confirm, and whose permissions and spend are checked. */
  spender: Spender;
  /** Where the conversation is: the plan, its status and the completion notice go there. */
  place: { channelId: string; threadId?: string };
  /** Attachments of the conversation's user messages (not the bot's), oldest first. */
  attachments: readonly ChatAttachment[];
  /** Posts the plan message in the conversation. */
  post: (message: ReturnType<typeof planMessage>) => Promise<unknown>;
}

export function createPlanBatchTool(deps: PlanBatchToolDeps): Tool {
  let proposed: string | undefined;
  return defineTool({
    name: PLAN_BATCH_TOOL,
    description:
      "Proposes a batch job that runs the same prompt over many items at half the on-demand price: rows of a CSV/JSONL file or files attached in this conversation, or items the user pasted. " +
      "Use it when the user asks to process many items the same way (e.g. 'summarise each of these reviews'). " +
      "It posts the plan (records, skipped inputs, cost) with Confirm/Cancel buttons; nothing runs until the user presses Confirm, and the results arrive later as a separate notice. " +
      "It returns only that the plan was proposed: never claim results from it.",
    inputSchema,
    run: async (input) => {
      if (proposed !== undefined) throw new UserFacingError(`A batch plan (${proposed}) was already proposed in this answer; the user can confirm or cancel it.`);
      const { context, spender } = deps;
      await checkMaySpendAs(spender, context, 0);
      const { model } = chooseModel(context.config, "batch", input.model);
      const sources = await sourcesOf(input, deps);
      const promptSpec = promptSpecFromFlags({ prompt: input.prompt === undefined ? [] : [input.prompt], ...(input.template === undefined ? {} : { template: input.template }) }, model);
      const owner: JobOwner = { userId: spender.userId, ...(spender.guildId === undefined ? {} : { guildId: spender.guildId }), ...deps.place };
      const { plan, submission } = await holdBatchPlan(context, {
        sources,
        model,
        promptSpec,
        settings: { ...(input.system === undefined ? {} : { system: input.system }), ...(input.max_tokens === undefined ? {} : { maxTokens: input.max_tokens }) },
        owner,
        checkSpend: (estimateUsd) => checkMaySpendAs(spender, context, estimateUsd),
      });
      proposed = submission.id;
      await deps.post(planMessage(plan, submission));
      const { counts, estimate } = plan;
      return [
        `Proposed, awaiting confirmation: a batch plan of ${counts.records} records from ${counts.inputs} inputs on ${plan.model.name} (${counts.skipped} skipped), estimated ${formatUsd(estimate.batchUsd)} at the batch price (${formatUsd(estimate.onDemandUsd)} on demand), policy ${plan.decision.action}.`,
        `It was posted in the conversation with Confirm/Cancel buttons. Nothing has run and nothing is spent until <@${spender.userId}> presses Confirm; the results will then arrive later as a separate notice.`,
        "Tell the user this briefly. Do not invent or predict any results.",
      ].join("\n");
    },
  });
}

/** The plan's inputs: pasted items as one CSV, else the conversation's attachments (all, or those named). */
async function sourcesOf(input: z.output<typeof inputSchema>, deps: PlanBatchToolDeps): Promise<InputSource[]> {
  if (input.items !== undefined && input.items.length > 0) {
    const csv = stringify(input.items.map((item) => [item]), { header: true, columns: [ITEM_COLUMN] });
    return [{ kind: "file", filename: "pasted-items.csv", bytes: new TextEncoder().encode(csv) }];
  }
  const wanted = input.files === undefined ? undefined : new Set(input.files);
  const attachments = deps.attachments.filter((attachment) => wanted === undefined || wanted.has(attachment.filename));
  if (attachments.length === 0) {
    const known = deps.attachments.map((attachment) => attachment.filename);
    throw new UserFacingError(
      known.length === 0
        ? "There are no attached files in this conversation and no pasted items were given: ask the user to attach the file (CSV, JSONL, zip, text...) or pass the pasted rows as items."
        : `None of the named files is attached in this conversation; attached: ${known.join(", ")}.`,
    );
  }
  const sources: InputSource[] = [];
  for (const attachment of attachments) {
    sources.push({ kind: "file", filename: attachment.filename, bytes: await downloadBatchAttachment({ ...attachment, name: attachment.filename }, deps.context) });
  }
  return sources;
}
