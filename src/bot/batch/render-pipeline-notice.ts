/**
 * The one notice a pipeline posts when it ends: how many records made it through every stage, a field per stage with
 * its counts and cost, and the joined results (one row per original record, every stage's output) attached. It
 * carries the notice marker like a job's notice, so the exactly-once scan finds it after a crash. Pure.
 */
import { formatUsd } from "../../format/format-usd.ts";
import { DISCORD_MESSAGE_LIMIT } from "../render/split-message.ts";
import { fitEmbed, truncateText } from "./fit-embed.ts";
import { formatNoticeMarker } from "./job-notice-marker.ts";
import type { NoticeMessage } from "./render-job-notice.ts";
import { describeStage } from "./render-pipeline-progress.ts";
import type { StageSummary } from "../../bedrock/batch/pipeline/pipeline.ts";

export interface PipelineNoticeInput {
  noticeId: string;
  ownerId: string;
  /** The status message the notice replies to. */
  replyTo?: string;
  /** Stages in all, and the ones that ran (or were refused), with their `[[models]]` names. */
  stageCount: number;
  stages: readonly { model: string; summary: StageSummary }[];
  /** Original records, and how many made it through every stage. */
  records: number;
  succeeded: number;
  /** Why it ended before its last stage (`no record was left to hand on`, `its job was stopped`). */
  stopReason?: string;
  files: readonly { attachment: string; name: string }[];
}

export function renderPipelineNotice(input: PipelineNoticeInput): NoticeMessage[] {
  const ran = input.stages.length;
  const complete = ran === input.stageCount && input.succeeded === input.records;
  const stopped = ran < input.stageCount || input.stopReason !== undefined;
  const totalUsd = input.stages.reduce((sum, stage) => sum + (stage.summary.costUsd ?? 0), 0);
  const outcome = stopped
    ? `stopped after stage ${ran} of ${input.stageCount}: ${input.stopReason ?? "no record was left to hand on"}. ${count(input.succeeded)} of ${count(input.records)} records made it through.`
    : `is done: ${count(input.succeeded)} of ${count(input.records)} records made it through all ${input.stageCount} stages.`;
  const embed = fitEmbed({
    title: stopped ? "⏹️ Pipeline stopped early" : complete ? "✅ Pipeline completed" : "⚠️ Pipeline completed with failed records",
    color: stopped ? 0x95a5a6 : complete ? 0x2ecc71 : 0xf1c40f,
    fields: [
      ...input.stages.map((stage, index) => ({ name: `Stage ${index + 1} · ${stage.model}`, value: describeStage(stage.summary) })),
      { name: "Cost", value: formatUsd(totalUsd) },
      ...(complete ? [] : [{ name: "Failed records", value: "Each is in results.csv with `status` failed, the stage it failed in (`failed_stage`) and the error; stages after it are empty." }]),
    ],
    footer: { text: formatNoticeMarker(input.noticeId) },
  });
  return [
    {
      content: truncateText(`<@${input.ownerId}> your batch pipeline ${outcome}`, DISCORD_MESSAGE_LIMIT),
      embeds: [embed],
      files: [...input.files],
      allowedMentions: { users: [input.ownerId] },
      ...(input.replyTo === undefined ? {} : { reply: { messageReference: input.replyTo, failIfNotExists: false } }),
    },
  ];
}

const count = (n: number): string => n.toLocaleString("en-US");
