/**
 * The answers being generated, and the last ones finished, by run id (the id in their buttons' custom ids): Stop
 * finds a run's AbortController here, a new message replying to an answer still streaming waits for it here, and
 * Retry / Show reasoning find what a finished run asked and thought. Kept in memory; a finished run's `/chat` request
 * and reasoning are also kept in the store (`FinishedChatRunRepository`, when the context has one), so the buttons
 * work after a restart (Retry of a message answer re-reads its question from Discord anyway).
 */
import type { FinishedRunCommand } from "../../store/finished-chat-runs.ts";

/** Why a run was aborted: the Stop button, or the plugin detaching. `name` makes `renderFailure` read it as a stop. */
export class ChatAbort extends Error {
  override readonly name = "AbortError";
  constructor(readonly by: "user" | "shutdown") {
    super(by === "user" ? "stopped by the user" : "the bot is shutting down");
  }
}

/** What a `/chat` answer asked, to ask again on Retry (the same shape is kept in the store for after a restart). */
export type CommandRequest = FinishedRunCommand;

export interface ChatRun {
  runId: string;
  requesterId: string;
  channelId: string;
  controller: AbortController;
  /** The answer's messages, in order, as they are posted. */
  messageIds: string[];
  reasoning: string;
  /** Set when a guardrail acted on the answer: the policies that fired, for admins (the Guardrail details button). */
  guardrail?: string[];
  /** Set for `/chat` answers; message answers are retried from their triggering message. */
  command?: CommandRequest;
  /** Settles once the answer is final on Discord. */
  done: Promise<void>;
}

/** Finished runs remembered for Retry and Show reasoning. */
const MAX_RECENT = 500;

export class ChatRuns {
  readonly #active = new Map<string, ChatRun>();
  readonly #byMessage = new Map<string, ChatRun>();
  readonly #recent = new Map<string, ChatRun>();

  /** Registers a run; `finish` must follow. Undefined when a run with that id is still active. */
  begin(run: Omit<ChatRun, "controller" | "messageIds" | "reasoning" | "done">): { run: ChatRun; finish: () => void } | undefined {
    if (this.#active.has(run.runId)) return undefined;
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const active: ChatRun = { ...run, controller: new AbortController(), messageIds: [], reasoning: "", done };
    this.#active.set(run.runId, active);
    return {
      run: active,
      finish: () => {
        this.#active.delete(run.runId);
        for (const messageId of active.messageIds) this.#byMessage.delete(messageId);
        this.#recent.delete(run.runId);
        this.#recent.set(run.runId, active);
        if (this.#recent.size > MAX_RECENT) this.#recent.delete(this.#recent.keys().next().value as string);
        finish();
      },
    };
  }

  addMessage(run: ChatRun, messageId: string): void {
    run.messageIds.push(messageId);
    if (this.#active.get(run.runId) === run) this.#byMessage.set(messageId, run);
  }

  active(runId: string): ChatRun | undefined {
    return this.#active.get(runId);
  }

  /** Active first, then recently finished. */
  find(runId: string): ChatRun | undefined {
    return this.#active.get(runId) ?? this.#recent.get(runId);
  }

  /** The active run one of whose messages this is. */
  ofMessage(messageId: string): ChatRun | undefined {
    return this.#byMessage.get(messageId);
  }

  /** Active runs answering in a channel (a bot thread answers one message at a time). */
  inChannel(channelId: string): ChatRun[] {
    return [...this.#active.values()].filter((run) => run.channelId === channelId);
  }

  all(): ChatRun[] {
    return [...this.#active.values()];
  }
}
