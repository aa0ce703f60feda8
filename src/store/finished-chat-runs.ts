/**
 * What the buttons under a finished chat answer need after the bot restarted (or on another instance): who asked,
 * the `/chat` request to ask again on Retry, the reasoning Show reasoning sends, and the guardrail policies Guardrail
 * details shows admins. Message answers need nothing
 * here for Retry (their question is read again from Discord), so only runs with a command or reasoning are kept.
 * Kept for `FINISHED_RUN_TTL_MS`; after that the buttons say the answer is no longer available.
 */
import type { KeyvRepository } from "./keyv-repository.ts";

/** What a `/chat` answer asked, to ask again on Retry (`CommandRequest` of the run in memory). */
export interface FinishedRunCommand {
  prompt: string;
  model?: string;
  ephemeral: boolean;
  /** Display name of who asked, for the history the model sees. */
  askedBy: string;
}

export interface FinishedChatRun {
  runId: string;
  requesterId: string;
  command?: FinishedRunCommand;
  reasoning: string;
  /** Policies a guardrail fired on the answer (short lines, no trace), for admins. */
  guardrail?: string[];
}

export interface FinishedChatRunRepository {
  get(runId: string): Promise<FinishedChatRun | undefined>;
  /** Keeps `run` when a button could need it; does nothing otherwise. */
  keep(run: FinishedChatRun): Promise<void>;
}

export const FINISHED_CHAT_RUNS_NAMESPACE = "chat-runs";
/** A week: buttons older than that are rarely pressed, and reasoning can be long. */
export const FINISHED_RUN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export class KeyvFinishedChatRunRepository implements FinishedChatRunRepository {
  readonly #runs: KeyvRepository<FinishedChatRun>;

  constructor(runs: KeyvRepository<FinishedChatRun>) {
    this.#runs = runs;
  }

  get(runId: string): Promise<FinishedChatRun | undefined> {
    return this.#runs.get(runId);
  }

  async keep(run: FinishedChatRun): Promise<void> {
    if (run.command === undefined && run.reasoning.trim() === "" && run.guardrail === undefined) return;
    await this.#runs.put(run.runId, run, FINISHED_RUN_TTL_MS);
  }
}
