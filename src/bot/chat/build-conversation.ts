/**
 * Discord history (a reply chain or a thread, oldest first, ending with the triggering message) -> Converse
 * `Message[]`, with a warning for everything left out:
 *
 * - the bot's own messages are assistant turns (its render decorations stripped, text only); everyone else's are
 *   user turns prefixed with who spoke (`alice: ...`, the bot's mention removed), so the model can tell people apart;
 * - Converse wants user first and roles alternating: consecutive messages of one role are merged, and a chain that
 *   starts with the bot's message (a notification someone replied to, a history cut at the bot) gives it to the
 *   model as user-side context instead of dropping it;
 * - attachments of user turns go through `buildContentBlocks`, newest message first, each call told what the newer
 *   messages already carry (Bedrock's limits are per request: the newest files win);
 *   document names are made unique across the whole request;
 * - messages with no text and no files are skipped; without the MESSAGE_CONTENT intent other users' messages arrive
 *   like that, and the warning says why.
 */
import type { ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";
import { buildContentBlocks, DEFAULT_CONTENT_LIMITS, type CarriedMedia, type ContentLimits, type FileEntry } from "../../bedrock/content/build-content-blocks.ts";
import { UserFacingError } from "../../bedrock/errors/user-facing-error.ts";
import { stripChatDecorations } from "../render/chat-decorations.ts";
import type { ChatAttachment, ChatMessage } from "./chat-message.ts";
import { errorMessage } from "../../format/error-message.ts";

export interface ConversationInput {
  /** Oldest first, ending with the triggering message; up to `historyLimit + 1`, so a longer history is noticed. */
  history: readonly ChatMessage[];
  /** The bot's user id: its messages are the assistant's, its mentions are stripped. */
  botUserId: string;
  /** `bot.history_limit`. */
  historyLimit: number;
  /** Whether the bot has the privileged MESSAGE_CONTENT intent. */
  hasMessageContentIntent: boolean;
  /** Downloads an attachment (the edge checks host and size first); a throw drops the file with its message. */
  fetchAttachment: (attachment: ChatAttachment) => Promise<Uint8Array>;
  /** The model's limits (e.g. `allowVideo` for Nova); Bedrock's defaults otherwise. */
  contentLimits?: Partial<ContentLimits>;
}

export interface BuiltConversation {
  value: { messages: Message[] };
  warnings: string[];
}

type Role = "user" | "assistant";

interface Turn {
  message: ChatMessage;
  role: Role;
  /** The text the model should read (decorations / mentions stripped). */
  text: string;
}

export async function buildConversation(input: ConversationInput): Promise<BuiltConversation> {
  const { history, historyLimit } = input;
  const warnings: string[] = [];
  if (history.length > historyLimit) warnings.push(`Only the last ${historyLimit} messages of this conversation were read (history_limit).`);

  const turns: Turn[] = [];
  let unreadable = 0;
  for (const message of history.slice(-historyLimit)) {
    const own = message.authorId === input.botUserId;
    const text = own ? stripChatDecorations(message.content) : stripMention(message.content, input.botUserId);
    if (text === "" && message.attachments.length === 0) {
      if (!own && !input.hasMessageContentIntent && message.content.trim() === "") unreadable += 1;
      continue;
    }
    turns.push({ message, role: own ? "assistant" : "user", text });
  }
  if (unreadable > 0) {
    const messages = unreadable === 1 ? "1 message" : `${unreadable} messages`;
    warnings.push(`Couldn't read ${messages} from other users in this conversation: the bot lacks the Message Content intent.`);
  }
  const firstUser = turns.findIndex((turn) => turn.role === "user");
  const leading = firstUser === -1 ? turns.length : firstUser;
  if (leading > 0) {
    for (const turn of turns.slice(0, leading)) turn.role = "user";
    warnings.push("The conversation starts with a message from the bot; the model got it as context, not as its own words.");
  }

  const contents = await buildContents(turns, input);
  for (const content of contents) warnings.push(...content.warnings);
  const messages = mergeRoles(turns.map((turn, index) => ({ role: turn.role, content: contents[index]?.blocks ?? [] })));
  return { value: { messages: withUniqueDocumentNames(messages) }, warnings };
}

interface TurnContent {
  blocks: ContentBlock[];
  warnings: string[];
}

/** Content of each turn, in turn order; built newest first so the newest files get the request's allowance. */
async function buildContents(turns: readonly Turn[], input: ConversationInput): Promise<TurnContent[]> {
  const limits: ContentLimits = { ...DEFAULT_CONTENT_LIMITS, ...input.contentLimits };
  const carried: CarriedMedia = { images: 0, documents: 0, videos: 0 };
  const contents: TurnContent[] = [];
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const turn = turns[index];
    if (turn === undefined) continue;
    if (turn.role === "assistant") {
      const warnings = turn.message.attachments.map((file) => `dropped "${file.filename}": files in the bot's own answers are not sent back to the model`);
      contents[index] = { blocks: turn.text === "" ? [] : [{ text: turn.text }], warnings }; // Converse rejects blank text
      continue;
    }
    const { files, warnings } = await fetchAll(turn.message.attachments, input.fetchAttachment);
    const built = await buildContentBlocks(speakerText(turn), files, limits, carried);
    carried.images += built.value.filter((block) => block.image !== undefined).length;
    carried.documents += built.value.filter((block) => block.document !== undefined).length;
    carried.videos += built.value.filter((block) => block.video !== undefined).length;
    contents[index] = { blocks: built.value, warnings: [...warnings, ...built.warnings] };
  }
  return contents;
}

async function fetchAll(attachments: readonly ChatAttachment[], fetchAttachment: ConversationInput["fetchAttachment"]): Promise<{ files: FileEntry[]; warnings: string[] }> {
  const results = await Promise.allSettled(attachments.map((attachment) => fetchAttachment(attachment)));
  const files: FileEntry[] = [];
  const warnings: string[] = [];
  for (const [index, result] of results.entries()) {
    const attachment = attachments[index];
    if (attachment === undefined) continue;
    if (result.status === "fulfilled") files.push({ filename: attachment.filename, bytes: result.value });
    else warnings.push(`dropped "${attachment.filename}": ${downloadFailure(result.reason)}`);
  }
  return { files, warnings };
}

/** A refusal from the edge (host, size) is already a reason; anything else failed on the way. */
function downloadFailure(error: unknown): string {
  if (error instanceof UserFacingError) return error.userMessage;
  return `it could not be downloaded (${errorMessage(error)})`;
}

/** `alice: what is this?`; a message of files only says so, rather than leaving the model a bare name. */
function speakerText({ message, text }: Turn): string {
  if (text !== "") return `${message.authorName}: ${text}`;
  const count = message.attachments.length;
  return `${message.authorName} sent ${count === 1 ? "an attachment" : `${count} attachments`}.`;
}

/** `<@123> hi` / `<@!123> hi` -> `hi`. Other mentions stay: they render as names without pinging anyone. */
function stripMention(content: string, botUserId: string): string {
  return content.replaceAll(`<@${botUserId}>`, "").replaceAll(`<@!${botUserId}>`, "").trim();
}

/** Converse: roles must alternate. The parts of one long answer are joined by a line break, as they were split. */
function mergeRoles(messages: readonly { role: Role; content: ContentBlock[] }[]): Message[] {
  const merged: { role: Role; content: ContentBlock[] }[] = [];
  for (const message of messages) {
    if (message.content.length === 0) continue; // a bot message of files only: nothing the model may read
    const previous = merged.at(-1);
    if (previous?.role !== message.role) merged.push({ role: message.role, content: [...message.content] });
    else if (message.role === "assistant") previous.content = [{ text: [...previous.content, ...message.content].map((block) => block.text ?? "").join("\n") }];
    else previous.content.push(...message.content);
  }
  return merged;
}

/** Converse rejects a request with two documents of the same name, across messages too: `report`, `report (2)`... */
function withUniqueDocumentNames(messages: Message[]): Message[] {
  const used = new Set<string>();
  return messages.map((message) => ({
    ...message,
    content: message.content?.map((block): ContentBlock => {
      if (block.document?.name === undefined) return block;
      const name = block.document.name;
      let unique = name;
      for (let n = 2; used.has(unique); n += 1) unique = `${name.slice(0, 190).trimEnd()} (${n})`; // Converse: names <= 200 chars
      used.add(unique);
      return unique === name ? block : { document: { ...block.document, name: unique } };
    }),
  }));
}
