/**
 * Steps of `/batch` e2e tests on a kit started with `confirm = false`: submit a questions CSV through the fake Discord
 * (waiting until the status message is up and the fake Bedrock has the job), and find a notice's messages.
 */
import { questionsCsv } from "../../bedrock/batch/run/batch-run-kit.ts";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import type { BatchBotKit } from "./batch-bot-kit.ts";

export interface SubmitQuestionsOptions {
  /** Default: #general. */
  channelId?: string;
  /** Default: alice. */
  userId?: string;
  /** The CSV; default 100 short questions. */
  bytes?: Uint8Array;
  maxTokens?: number;
}

/** Resolves with the submission's status message and the job's name. */
export async function submitQuestions(kit: BatchBotKit, options: SubmitQuestionsOptions = {}): Promise<{ status: StoredMessage; jobName: string }> {
  const before = kit.bedrock.batch.jobs().length;
  const command = kit.discord.runCommand({
    name: "batch",
    subcommand: "submit",
    channelId: options.channelId ?? kit.ids.general,
    userId: options.userId ?? kit.ids.alice,
    options: {
      file1: { filename: "questions.csv", bytes: options.bytes ?? questionsCsv(100), contentType: "text/csv" },
      template: "Answer briefly: {question}",
      model: "nova-lite",
      ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
    },
  });
  const status = await kit.discord.waitFor(() => {
    const reply = kit.discord.originalResponse(command);
    return reply?.content.includes("⏳ Batch job") === true && kit.bedrock.batch.jobs().length > before ? reply : undefined;
  }, { description: "the status message of a submitted job" });
  return { status, jobName: kit.bedrock.batch.jobs().at(-1)?.jobName ?? "" };
}

/** A channel's messages carrying the marker of `noticeId` (or of ids it starts): part 1's embed footer, the others' subtext line. */
export function noticeParts(kit: BatchBotKit, channelId: string, noticeId: string): StoredMessage[] {
  const marked = (message: StoredMessage) => [message.content, ...message.embeds.map((embed) => embed.footer?.text ?? "")].some((text) => text.includes(`job ${noticeId}`));
  return kit.discord.messages(channelId).filter(marked);
}
