/**
 * Shows one answer while it streams: the tool loop's events go through the reducer (`applyChatEvent`), the state is
 * rendered (`renderChatMessages`), and the messages follow it — the first part is posted at the first event (until
 * then the caller shows "typing…"), parts the answer grows into are posted in order, each replying to the one
 * before, and changed parts are edited through the plugin's ONE shared edit scheduler (which paces and coalesces
 * them). At the end every part gets its final edit (usage footer, Retry button), awaited, so when this resolves the
 * channel shows the finished answer; a part the final rendering no longer needs is removed.
 *
 * A loop that throws — Bedrock failure, Stop, shutdown — ends as a `failure` event with the caller's line, never as
 * an empty or forever-"generating" message. `signal` ends the wait for the next event at once, even while the SDK
 * is still winding the request down.
 */
import type { ConverseEvent, ToolLoopResult } from "../../bedrock/index.ts";
import { applyChatEvent, chatPhase, INITIAL_CHAT_STATE, type ChatEvent, type ChatState } from "../render/apply-chat-event.ts";
import type { EditScheduler } from "../render/edit-scheduler.ts";
import { renderChatMessages, type MessagePayload, type RenderChatOptions } from "../render/render-chat-messages.ts";
import type { AnswerSurface } from "./answer-surface.ts";

/** What the shared scheduler carries per message: the payload, and how to edit it in. */
export interface QueuedEdit {
  payload: MessagePayload;
  send: (payload: MessagePayload) => Promise<unknown>;
}

export interface StreamAnswerInput {
  surface: AnswerSurface;
  scheduler: EditScheduler<QueuedEdit>;
  /** How parts look; `header` puts a line (a `/chat` prompt) above the answer. */
  render: RenderChatOptions;
  /** Warnings known before the model ran (history, attachments). */
  warnings: readonly string[];
  /** The running tool loop; `undefined` when the answer failed before it could start (`failure` says why). */
  events?: AsyncGenerator<ConverseEvent, ToolLoopResult>;
  /** A failure found before the loop started. */
  failure?: unknown;
  signal: AbortSignal;
  /** The failure line for a thrown error (or the abort reason); the caller logs unexpected ones. */
  describeFailure: (error: unknown) => string;
  /** Called once, when the first message is about to be posted (end the typing indicator). */
  onFirstPost?: () => void;
  /** Each part's message id as soon as it is posted (the caller maps messages to runs). */
  onPosted?: (messageId: string) => void;
  /** Called for each state change (the caller keeps the reasoning for "Show reasoning"). */
  onState?: (state: ChatState) => void;
  /** Called once the answer's content is complete, before its final edits (usage is recorded by then). */
  onComplete?: (state: ChatState) => Promise<void>;
}

export interface StreamedAnswer {
  state: ChatState;
  messageIds: string[];
  /** The loop's result when it completed. */
  result?: ToolLoopResult;
}

export async function streamAnswer(input: StreamAnswerInput): Promise<StreamedAnswer> {
  const view = new AnswerView(input);
  for (const message of input.warnings) view.apply({ type: "warning", message });
  let result: ToolLoopResult | undefined;
  if (input.failure !== undefined) view.apply({ type: "failure", message: input.describeFailure(input.failure) });
  else if (input.events !== undefined) {
    try {
      result = await consume(input.events, input.signal, view);
    } catch (error) {
      view.apply({ type: "failure", message: input.describeFailure(error) });
    }
  }
  await input.onComplete?.(view.state);
  await view.finish();
  return { state: view.state, messageIds: view.messageIds, ...(result === undefined ? {} : { result }) };
}

async function consume(events: AsyncGenerator<ConverseEvent, ToolLoopResult>, signal: AbortSignal, view: AnswerView): Promise<ToolLoopResult> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(asError(signal.reason));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => undefined); // raced below; a rejection nobody waits for is not an error
  try {
    for (;;) {
      const step = await Promise.race([events.next(), aborted]);
      if (step.done === true) return step.value;
      view.apply(step.value);
      view.start();
    }
  } catch (error) {
    // Release the request without waiting: the SDK may take a moment to notice the abort.
    events.return(undefined as never).catch(() => undefined);
    throw error;
  } finally {
    if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
  }
}

/** The messages of one answer, following its state. */
class AnswerView {
  state: ChatState = INITIAL_CHAT_STATE;
  readonly messageIds: string[] = [];
  readonly #input: StreamAnswerInput;
  /** The payload each part was last given (posted or queued), as JSON, to skip edits that change nothing. */
  readonly #shown: string[] = [];
  #started = false;
  #finishing = false;
  #posting: Promise<void> | undefined;
  #postError: Error | undefined;

  constructor(input: StreamAnswerInput) {
    this.#input = input;
  }

  apply(event: ChatEvent): void {
    this.state = applyChatEvent(this.state, event);
    this.#input.onState?.(this.state);
    if (this.#started) this.#sync();
  }

  /** From now on the answer is visible: post the first part. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#sync();
  }

  #render(): MessagePayload[] {
    return renderChatMessages(this.state, this.#input.render);
  }

  #sync(): void {
    // The finished look (footer, Retry) is left to `finish`: it goes out after the usage is recorded.
    if (this.#finishing || this.#postError !== undefined || chatPhase(this.state) !== "generating") return;
    const parts = this.#render();
    this.messageIds.forEach((messageId, index) => {
      const payload = parts[index];
      if (payload !== undefined) this.#queueEdit(messageId, index, payload);
    });
    const next = parts[this.messageIds.length];
    if (next !== undefined && this.#posting === undefined) {
      this.#posting = this.#post(next).then(
        () => {
          this.#posting = undefined;
          this.#sync();
        },
        (error: unknown) => {
          this.#posting = undefined;
          this.#postError = asError(error);
        },
      );
    }
  }

  async #post(payload: MessagePayload): Promise<void> {
    if (this.messageIds.length === 0) this.#input.onFirstPost?.();
    const messageId = await this.#input.surface.post(payload, this.messageIds.at(-1));
    this.messageIds.push(messageId);
    this.#shown.push(JSON.stringify(payload));
    this.#input.onPosted?.(messageId);
  }

  #queueEdit(messageId: string, index: number, payload: MessagePayload): void {
    const key = JSON.stringify(payload);
    if (this.#shown[index] === key) return;
    this.#shown[index] = key;
    this.#input.scheduler.update(messageId, this.#edit(messageId, payload));
  }

  #edit(messageId: string, payload: MessagePayload): QueuedEdit {
    return { payload, send: (queued) => this.#input.surface.edit(messageId, queued) };
  }

  /** Posts what is missing, gives every part its final payload, and waits until Discord shows it. */
  async finish(): Promise<void> {
    this.#finishing = true;
    while (this.#posting !== undefined) await this.#posting;
    if (this.#postError !== undefined) throw this.#postError;
    const parts = this.#render();
    for (const payload of parts.slice(this.messageIds.length)) await this.#post(payload);
    const { scheduler, surface } = this.#input;
    await Promise.all(
      this.messageIds.map(async (messageId, index) => {
        const payload = parts[index];
        if (payload !== undefined) return await scheduler.finish(messageId, this.#edit(messageId, payload));
        // A part the final rendering no longer needs (its "generating" line had spilled over): removed, in turn.
        await scheduler.finish(messageId, { payload: EMPTY_PAYLOAD, send: () => surface.remove(messageId) });
      }),
    );
  }
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

const EMPTY_PAYLOAD: MessagePayload = { content: "", components: [], allowedMentions: { parse: [] } };
