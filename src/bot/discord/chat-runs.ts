/**
 * The answers being generated, and the last ones finished, by run id (the id in their buttons' custom ids): Stop
 * finds a run's AbortController here, a new message replying to an answer still streaming waits for it here, and
 * Retry / Show reasoning find what a finished run asked and thought. Kept in memory; a finished run's `/chat` request
 * and reasoning are also kept in the store (`FinishedChatRunRepository`, when the context has one), so the buttons
 * work after a restart (Retry of a message answer re-reads its question from Discord anyway).
 *
 * With a `ChatRunRegistry` (the plugin has a store), each active run is also recorded there, so a Stop pressed on
 * another bot process finds who writes it (`elsewhere`) and asks that process to stop it (`requestStop`); the owner
 * aborts it exactly as a local Stop does.
 */
import type { ChatRunRegistry, RegisteredChatRun, RunningChatRun } from "../../store/chat-run-registry.ts";
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

export interface ChatRunsOptions {
  /** Where active runs are recorded for the other bot processes on the same store; absent: this process only. */
  registry?: ChatRunRegistry;
  /** Told when the registry fails (the run goes on; only a Stop from another process cannot reach it). */
  onError?: (error: unknown, what: string) => void;
}

interface BegunRun {
  run: ChatRun;
  /** Settles once the run is recorded in the registry (or recording failed): from then on, a Stop anywhere reaches it. */
  registered: Promise<void>;
  finish: () => void;
}

export class ChatRuns {
  readonly #active = new Map<string, ChatRun>();
  readonly #byMessage = new Map<string, ChatRun>();
  readonly #recent = new Map<string, ChatRun>();
  readonly #registry: ChatRunRegistry | undefined;
  readonly #onError: (error: unknown, what: string) => void;

  constructor(options: ChatRunsOptions = {}) {
    this.#registry = options.registry;
    this.#onError = options.onError ?? (() => {});
  }

  /** Registers a run; `finish` must follow. Undefined when a run with that id is still active. */
  begin(run: Omit<ChatRun, "controller" | "messageIds" | "reasoning" | "done">): BegunRun | undefined {
    if (this.#active.has(run.runId)) return undefined;
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const active: ChatRun = { ...run, controller: new AbortController(), messageIds: [], reasoning: "", done };
    this.#active.set(run.runId, active);
    const registration = this.#register(active);
    return {
      run: active,
      registered: registration.then(() => undefined),
      finish: () => {
        void registration.then((registered) => registered?.end()).catch((error: unknown) => this.#onError(error, "forgetting a finished answer in the registry"));
        this.#active.delete(run.runId);
        for (const messageId of active.messageIds) this.#byMessage.delete(messageId);
        this.#recent.delete(run.runId);
        this.#recent.set(run.runId, active);
        if (this.#recent.size > MAX_RECENT) this.#recent.delete(this.#recent.keys().next().value as string);
        finish();
      },
    };
  }

  /** Records the run for other processes; a stop from one of them aborts it as a local Stop does. */
  async #register(run: ChatRun): Promise<RegisteredChatRun | undefined> {
    if (this.#registry === undefined) return undefined;
    try {
      return await this.#registry.register(run.runId, run.requesterId, () => run.controller.abort(new ChatAbort("user")));
    } catch (error) {
      this.#onError(error, "recording a running answer in the registry");
      return undefined;
    }
  }

  /**
   * The run as another bot process streams it, when this one does not; undefined when no process does (unknown or
   * finished). Rejects when the registry cannot be reached.
   */
  async elsewhere(runId: string): Promise<RunningChatRun | undefined> {
    if (this.#registry === undefined || this.#active.has(runId)) return undefined;
    const running = await this.#registry.lookup(runId);
    // Our own key, for a run no longer active here: it has just finished.
    return running?.owner === this.#registry.owner ? undefined : running;
  }

  /** Asks the process streaming `runId` (as `elsewhere` found it) to stop it; false when that process is gone. */
  async requestStop(runId: string, running: RunningChatRun, by: string): Promise<boolean> {
    return (await this.#registry?.requestStop(runId, running, by)) ?? false;
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
