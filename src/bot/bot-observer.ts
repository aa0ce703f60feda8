/**
 * What the plugin tells an observer (metrics) as it works: each chat turn, each usage record, each batch poll cycle
 * and each completion notice. A leaf module of plain data types, so the bot depends on no metrics library; every
 * method is optional and must not throw (a failing observer never breaks an answer).
 */
import type { UsageRecord, UsageRepository } from "../store/chat-settings.ts";

export interface ChatTurnObservation {
  /** Model name from the config; "unknown" when the answer failed before a model was chosen. */
  model: string;
  outcome: "ok" | "error";
  /** For errors: the exception name (`ThrottlingException`, `UserFacingError`, ...). */
  errorKind?: string;
  /** From the start of the turn to the first answer text; absent when none came. */
  firstTokenSeconds?: number;
  totalSeconds: number;
}

export interface PollCycleObservation {
  seconds: number;
  /** The state of every job row the cycle saw; absent when the cycle failed. */
  jobStates?: readonly string[];
}

export interface BotObserver {
  chatTurn?(turn: ChatTurnObservation): void;
  /** Every usage record written (chat turns and batch jobs): tokens and cost by model. */
  usage?(entry: UsageRecord): void;
  pollCycle?(cycle: PollCycleObservation): void;
  /** A completion notice attempt's outcome: `posted`, `already_posted`, ..., or `failed` when it threw. */
  notice?(outcome: string): void;
}

/** The usage repository, telling `observer` of each record once it is written. */
export function observeUsage(usage: UsageRepository, observer: BotObserver | undefined): UsageRepository {
  if (observer?.usage === undefined) return usage;
  const tell = observer.usage.bind(observer);
  return {
    list: (filter) => usage.list(filter),
    spentToday: (guildId, now) => usage.spentToday(guildId, now),
    record: async (entry) => {
      await usage.record(entry);
      tell(entry);
    },
    recordOnce: async (id, entry) => {
      const recorded = await usage.recordOnce(id, entry);
      if (recorded) tell(entry);
      return recorded;
    },
  };
}
