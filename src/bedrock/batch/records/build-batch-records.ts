/**
 * Expanded inputs -> batch records, streamed: one record per usable input and prompt, one skip (with its reason) for
 * anything else, so that `inputs = records + skipped` always holds (see `BatchRecordCounts`).
 *
 * Chat models get Converse bodies built with the same content builder as live chat; embedding models get Titan
 * bodies. The model and prompt spec are checked before the first input is read.
 */
import type { ContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { ModelConfig } from "../../../config/schema.ts";
import { buildContentBlocks, type ContentLimits, type FileEntry } from "../../content/build-content-blocks.ts";
import { UserFacingError } from "../../errors/user-facing-error.ts";
import type { BatchRecord, Provenance, SkippedInput } from "../batch-types.ts";
import { describeOrigin, type InputEvent, type InputItem } from "../inputs/input-item.ts";
import { batchCapability, type BatchBodyKind, type BatchCapability } from "./batch-capability.ts";
import { buildConverseBody, type InferenceSettings } from "./build-converse-body.ts";
import { buildTitanMultimodalEmbedBody, buildTitanTextEmbedBody, TITAN_LIMITS, type EmbeddingSettings } from "./build-titan-embed-body.ts";
import { estimateContentTokens, estimateTextTokens, TOKEN_ESTIMATES } from "./estimate-input-tokens.ts";
import { mediaKey, placeholderMediaUri } from "./media-location.ts";
import { validatePromptSpec, type PromptSpec } from "./prompt-spec.ts";
import { createRecordIdGenerator } from "./record-ids.ts";
import { createPromptResolver } from "./resolve-item-prompts.ts";
import { selectInputColumns, type ColumnSelection } from "./select-input-columns.ts";

/** Per-run settings: system prompt and inference settings for chat models, vector settings for embedding models. */
export type BatchRunSettings = InferenceSettings & EmbeddingSettings;

export type BatchModel = Pick<ModelConfig, "name" | "model_identifier" | "kind" | "batch" | "max_tokens" | "temperature">;

export interface BuildBatchRecordsInput {
  /** From `expandInputs`. */
  items: AsyncIterable<InputEvent> | Iterable<InputEvent>;
  promptSpec: PromptSpec;
  model: BatchModel;
  settings?: BatchRunSettings;
  /** Id source; default `createRecordIdGenerator()` (`R000000001`, ...). */
  nextRecordId?: () => string;
  /** Which of a data row's own fields its records carry (default: all). */
  columns?: ColumnSelection;
}

/**
 * An input is one usable unit (file, zip member, data row) times the run's prompts, or one unusable unit (skipped
 * before prompts apply). Every input becomes exactly one record or one skip: `inputs === records + skipped`.
 */
export interface BatchRecordCounts {
  inputs: number;
  records: number;
  skipped: number;
}

type RecordEvent = { type: "record"; record: BatchRecord } | { type: "skipped"; skipped: SkippedInput };

export interface BatchRecordStream {
  /** The job's `modelInvocationType`. */
  invocationType: BatchCapability["invocationType"];
  events: AsyncGenerator<RecordEvent>;
  /** Updated as `events` is read; final once it is exhausted. */
  counts: Readonly<BatchRecordCounts>;
  /** Every column name of every data row read so far, to tell a user which selected column no row had. */
  seenColumns: ReadonlySet<string>;
}

/** What one (item, prompt) pair becomes, before it gets an id. */
type Built = { ok: true; body: BatchRecord["modelInput"]; tokens: number; media?: BatchRecord["media"] } | { ok: false; reason: string };

/** The model and spec must fit each other before any input is read. */
function checkRun(model: BatchModel, spec: PromptSpec, inference: InferenceSettings): BatchCapability & { body: BatchBodyKind } {
  validatePromptSpec(spec);
  const capability = batchCapability(model);
  if (!capability.enabled) {
    throw new UserFacingError(`${model.name} cannot run batch jobs; set [models.batch] enabled = true if your account allows it.`);
  }
  const { body } = capability;
  if (body === undefined) throw new UserFacingError(`${model.name} is an embedding model the bot cannot build batch records for.`);
  if (spec.mode === "embed" && body === "converse") throw new UserFacingError(`${model.name} is a chat model; embed runs need an embedding model.`);
  if (spec.mode !== "embed" && body !== "converse") throw new UserFacingError(`${model.name} is an embedding model; use an embed run.`);
  if (capability.family === "Anthropic Claude" && inference.temperature !== undefined && inference.topP !== undefined) {
    throw new UserFacingError("Claude models take temperature or top_p, not both; leave one out.");
  }
  return { ...capability, body };
}

/** A `.txt`/`.md` file inlined after the prompt. */
function inlineText(prompt: string, filename: string, text: string): string {
  return `${prompt}\n\n<file name="${filename.replaceAll('"', "'")}">\n${text}\n</file>`;
}

/** Checks and streams; throws a `UserFacingError` at once if the model or spec cannot work. */
export function streamBatchRecords(input: BuildBatchRecordsInput): BatchRecordStream {
  const settings = input.settings ?? {};
  const inference: InferenceSettings = {
    system: settings.system,
    maxTokens: settings.maxTokens ?? input.model.max_tokens,
    temperature: settings.temperature ?? input.model.temperature,
    topP: settings.topP,
    ...(settings.outputSchema === undefined ? {} : { outputSchema: settings.outputSchema }),
  };
  const capability = checkRun(input.model, input.promptSpec, inference);
  const nextRecordId = input.nextRecordId ?? createRecordIdGenerator();
  const resolvePrompts = createPromptResolver(input.promptSpec);
  const labelPrompt = input.promptSpec.mode === "expanded";
  const counts: BatchRecordCounts = { inputs: 0, records: 0, skipped: 0 };
  const seenColumns = new Set<string>();
  let mediaCount = 0;
  const limits: Partial<ContentLimits> = { allowVideo: capability.s3Video };

  /** `videoKey`: where the item's video goes under the job's input folder (Nova only). */
  const converse = async (item: InputItem, prompt: string, videoKey: string | undefined): Promise<Built> => {
    let text = prompt;
    const files: FileEntry[] = [];
    switch (item.kind) {
      case "row":
        break;
      case "text":
        text = inlineText(prompt, item.filename, item.text);
        break;
      case "image":
      case "document":
        files.push({ filename: item.filename, bytes: item.bytes });
        break;
      case "video":
        if (videoKey === undefined) {
          return { ok: false, reason: `video needs an Amazon Nova model (Lite, Pro or Premier); ${input.model.name} does not read video from S3` };
        }
        files.push({ filename: item.filename, bytes: item.bytes, s3Uri: placeholderMediaUri(videoKey) });
        break;
      default: {
        const unexpected: never = item;
        throw new Error(`unknown item ${JSON.stringify(unexpected)}`);
      }
    }
    let blocks: ContentBlock[];
    if (files.length === 0) {
      // What buildContentBlocks makes of text alone, without its per-call limits, sets and closures: rows are most
      // records, and that garbage was a third of a 50,000-row plan's allocations (see bench/csv-to-s3.ts).
      blocks = text.trim() === "" ? [] : [{ text }];
    } else {
      const content = await buildContentBlocks(text, files, limits);
      if (content.warnings.length > 0) return { ok: false, reason: content.warnings.join("; ") };
      blocks = content.value;
    }
    return {
      ok: true,
      body: buildConverseBody(blocks, inference),
      tokens: estimateContentTokens(blocks, inference.system),
      ...(videoKey === undefined || item.kind !== "video" ? {} : { media: [{ key: videoKey, bytes: item.bytes, contentType: item.mime }] }),
    };
  };

  const embed = (item: InputItem, text: string): Built => {
    const image = item.kind === "image" ? item.bytes : undefined;
    if (capability.body === "titan-text-embed-v2") {
      if (image !== undefined) return { ok: false, reason: `${input.model.name} embeds text only` };
      if (text.length > TITAN_LIMITS.textV2MaxChars) {
        return { ok: false, reason: `the text is ${text.length} characters; ${input.model.name} takes at most ${TITAN_LIMITS.textV2MaxChars}` };
      }
      return { ok: true, body: buildTitanTextEmbedBody(text, settings), tokens: estimateTextTokens(text) };
    }
    if (image !== undefined && image.length > TITAN_LIMITS.multimodalMaxImageBytes) {
      return { ok: false, reason: `the image is over ${TITAN_LIMITS.multimodalMaxImageBytes / (1024 * 1024)} MB, the limit of ${input.model.name}` };
    }
    return {
      ok: true,
      body: buildTitanMultimodalEmbedBody({ text, image }, settings),
      tokens: estimateTextTokens(text) + (image === undefined ? 0 : TOKEN_ESTIMATES.image),
    };
  };

  async function* events(): AsyncGenerator<RecordEvent> {
    for await (const event of input.items) {
      if (event.type === "skipped") {
        counts.inputs++;
        counts.skipped++;
        yield event;
        continue;
      }
      const { item } = event;
      const outcomes = resolvePrompts(item);
      let origin: Omit<Provenance, "prompt"> = item.origin;
      if (item.kind === "row") {
        for (const name of item.columns) seenColumns.add(name);
        const columns = selectInputColumns(item.columns, item.values, input.columns);
        if (columns.length > 0) origin = { ...item.origin, columns };
      }
      // One S3 object per video, however many prompts reference it.
      const videoKey = item.kind === "video" && capability.s3Video ? mediaKey(++mediaCount, item.filename) : undefined;
      for (const outcome of outcomes) {
        counts.inputs++;
        const built: Built = !outcome.ok
          ? outcome
          : capability.body === "converse"
            ? await converse(item, outcome.text, videoKey)
            : embed(item, outcome.text);
        if (!built.ok) {
          counts.skipped++;
          const label = labelPrompt ? `${describeOrigin(item.origin)} (prompt "${outcome.name}")` : describeOrigin(item.origin);
          yield { type: "skipped", skipped: { input: label, reason: built.reason } };
          continue;
        }
        counts.records++;
        const record: BatchRecord = {
          recordId: nextRecordId(),
          modelInput: built.body,
          provenance: { ...origin, prompt: outcome.name },
          estimatedInputTokens: built.tokens,
          ...(built.media === undefined ? {} : { media: built.media }),
        };
        yield { type: "record", record };
      }
    }
  }

  return { invocationType: capability.invocationType, events: events(), counts, seenColumns };
}

/** All records and skips of a run, collected (use `streamBatchRecords` to write them as they come). */
export async function buildBatchRecords(
  input: BuildBatchRecordsInput,
): Promise<{ records: BatchRecord[]; skipped: SkippedInput[]; counts: BatchRecordCounts; invocationType: BatchCapability["invocationType"] }> {
  const stream = streamBatchRecords(input);
  const records: BatchRecord[] = [];
  const skipped: SkippedInput[] = [];
  for await (const event of stream.events) {
    if (event.type === "record") records.push(event.record);
    else skipped.push(event.skipped);
  }
  return { records, skipped, counts: { ...stream.counts }, invocationType: stream.invocationType };
}
