/**
 * `/batch` as Discord registers it: `submit` (up to 10 files, a prompt or template, model, policy, an S3 source),
 * the draft across messages (`add`, `draft`, `run`, `clear`, and the message menu's "Add to batch"), `status`,
 * `list`, `cancel` and `results`. Discord: <= 25 options per subcommand, ATTACHMENT is option type 11.
 */
import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
  type SlashCommandSubcommandBuilder,
} from "discord.js";
import { SMALL_BATCH_POLICIES } from "../../bedrock/batch/run/decide-run-action.ts";
import { PROMPT_MODES } from "../../bedrock/batch/batch-types.ts";

export const BATCH_COMMAND = "batch";
export const BATCH_SUBCOMMANDS = {
  submit: "submit",
  add: "add",
  draft: "draft",
  run: "run",
  clear: "clear",
  status: "status",
  list: "list",
  cancel: "cancel",
  results: "results",
} as const;

/** The message context-menu command that queues every attachment of a message into the member's draft. */
export const ADD_TO_BATCH_MENU = "Add to batch";

/** Discord: <= 10 attachments per message; the same many files per submission. */
export const MAX_BATCH_FILES = 10;
export const fileOption = (index: number): string => `file${index}`;

export const SUBMIT_OPTIONS = {
  prompt: "prompt",
  template: "template",
  mode: "mode",
  system: "system",
  model: "model",
  maxTokens: "max_tokens",
  policy: "policy",
  columns: "columns",
  sink: "sink",
  source: "source",
  schema: "schema",
  then: "then",
  pipeline: "pipeline",
} as const;
export const JOB_OPTION = "job";
export const LIST_SCOPE_OPTION = "scope";
export type ListScope = "mine" | "channel" | "server";
export const LIST_SCOPES: readonly ListScope[] = ["mine", "channel", "server"];

const MAX_TEXT = 4000;

export function batchCommandDefinition(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const command = new SlashCommandBuilder()
    .setName(BATCH_COMMAND)
    .setDescription("Run many prompts as a Bedrock batch job at half price; results are posted here")
    .setContexts([InteractionContextType.Guild])
    .addSubcommand((sub) => {
      sub.setName(BATCH_SUBCOMMANDS.submit).setDescription("Plan a batch job from files (zip, CSV, text, images) and submit it");
      addFileOptions(sub);
      return addRunOptions(sub).addStringOption((option) =>
        option.setName(SUBMIT_OPTIONS.source).setDescription("s3://bucket/prefix/ to read inputs from (allowed buckets)").setMaxLength(1024),
      );
    })
    .addSubcommand((sub) => addFileOptions(sub.setName(BATCH_SUBCOMMANDS.add).setDescription("Queue files into your draft for this channel (copied now)")))
    .addSubcommand((sub) => sub.setName(BATCH_SUBCOMMANDS.draft).setDescription("Show your draft for this channel: files, sizes, total"))
    .addSubcommand((sub) => addRunOptions(sub.setName(BATCH_SUBCOMMANDS.run).setDescription("Plan a batch job from your draft and submit it")))
    .addSubcommand((sub) => sub.setName(BATCH_SUBCOMMANDS.clear).setDescription("Empty your draft for this channel"))
    .addSubcommand((sub) =>
      sub
        .setName(BATCH_SUBCOMMANDS.status)
        .setDescription("Progress of a batch job or waiting submission (default: your latest)")
        .addStringOption((option) => option.setName(JOB_OPTION).setDescription("Job name or waiting submission id").setAutocomplete(true).setMaxLength(100)),
    )
    .addSubcommand((sub) =>
      sub
        .setName(BATCH_SUBCOMMANDS.list)
        .setDescription("Batch jobs: yours, this channel's or this server's")
        .addStringOption((option) =>
          option
            .setName(LIST_SCOPE_OPTION)
            .setDescription("Whose jobs (default: yours)")
            .addChoices(...LIST_SCOPES.map((scope) => ({ name: scope, value: scope }))),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName(BATCH_SUBCOMMANDS.cancel)
        .setDescription("Stop a batch job, or withdraw a waiting submission (its owner or an admin)")
        .addStringOption((option) => option.setName(JOB_OPTION).setDescription("Job name or waiting submission id").setRequired(true).setAutocomplete(true).setMaxLength(100)),
    )
    .addSubcommand((sub) =>
      sub
        .setName(BATCH_SUBCOMMANDS.results)
        .setDescription("Post a finished job's results here again")
        .addStringOption((option) => option.setName(JOB_OPTION).setDescription("Job name").setRequired(true).setAutocomplete(true).setMaxLength(100)),
    );
  return command.toJSON();
}

/** file1…file10. */
function addFileOptions(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  for (let index = 1; index <= MAX_BATCH_FILES; index++) {
    sub.addAttachmentOption((option) => option.setName(fileOption(index)).setDescription(index === 1 ? "A file: zip, CSV/TSV, JSONL, text, image, PDF" : "Another file"));
  }
  return sub;
}

/** What a run is planned with: prompt or template, mode, system, model, max_tokens, policy, schema, columns, sink, and the stages that follow it (submit and run). */
function addRunOptions(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .addStringOption((option) => option.setName(SUBMIT_OPTIONS.prompt).setDescription("Prompt applied to every input").setMaxLength(MAX_TEXT))
    .addStringOption((option) => option.setName(SUBMIT_OPTIONS.template).setDescription("Prompt with {column} placeholders, per CSV row").setMaxLength(MAX_TEXT))
    .addStringOption((option) =>
      option
        .setName(SUBMIT_OPTIONS.mode)
        .setDescription("How prompts are built (default: from the options given)")
        .addChoices(...PROMPT_MODES.map((mode) => ({ name: mode, value: mode }))),
    )
    .addStringOption((option) => option.setName(SUBMIT_OPTIONS.system).setDescription("System prompt for every record").setMaxLength(MAX_TEXT))
    .addStringOption((option) => option.setName(SUBMIT_OPTIONS.model).setDescription("Batch-capable model").setAutocomplete(true).setMaxLength(100))
    .addIntegerOption((option) => option.setName(SUBMIT_OPTIONS.maxTokens).setDescription("Most output tokens per record").setMinValue(1))
    .addStringOption((option) =>
      option
        .setName(SUBMIT_OPTIONS.policy)
        .setDescription("Under the model's minimum records: run on demand, wait for more, or refuse")
        .addChoices(...SMALL_BATCH_POLICIES.map((policy) => ({ name: policy, value: policy }))),
    )
    .addAttachmentOption((option) => option.setName(SUBMIT_OPTIONS.schema).setDescription("JSON Schema the answers must follow: one result column per property"))
    .addStringOption((option) =>
      option.setName(SUBMIT_OPTIONS.columns).setDescription("Input columns the results keep (id,title); -name drops one (-body)").setMaxLength(1000),
    )
    .addStringOption((option) => option.setName(SUBMIT_OPTIONS.sink).setDescription("Embed runs: load the vectors into this [[sinks]] store").setMaxLength(64))
    .addStringOption((option) => option.setName(SUBMIT_OPTIONS.then).setDescription("A follow-up stage run on each result: a template with {output}").setMaxLength(MAX_TEXT))
    .addAttachmentOption((option) => option.setName(SUBMIT_OPTIONS.pipeline).setDescription("Follow-up stages: a TOML or JSON file of [[stages]] with a template each"));
}

/** "Add to batch" on a message (guild only, like `/batch`). */
export function addToBatchMenuDefinition(): RESTPostAPIContextMenuApplicationCommandsJSONBody {
  return new ContextMenuCommandBuilder().setName(ADD_TO_BATCH_MENU).setType(ApplicationCommandType.Message).setContexts([InteractionContextType.Guild]).toJSON();
}
