/**
 * "Bot is typing…" while an answer waits for its first token, one indicator per channel however many answers wait
 * there (each `start` returns its own stop; the channel's indicator ends with the last one). Discord shows typing
 * for about 10 s per request, so it is renewed every `TYPING_RENEW_MS`.
 */

export interface TypingTarget {
  id: string;
  sendTyping(): Promise<unknown>;
}

export interface TypingIndicators {
  /** Starts (or joins) the channel's indicator; call the returned function once to leave it. */
  start(channel: TypingTarget): () => void;
  /** Ends every indicator (shutdown). */
  stopAll(): void;
}

/** Discord: a typing indicator lasts ~10 s. */
const TYPING_RENEW_MS = 8_000;

export function createTypingIndicators(onError: (error: unknown) => void): TypingIndicators {
  const channels = new Map<string, { waiting: number; timer: NodeJS.Timeout }>();
  const send = (channel: TypingTarget) => void channel.sendTyping().catch(onError);
  return {
    start(channel) {
      const existing = channels.get(channel.id);
      if (existing === undefined) {
        send(channel);
        const timer = setInterval(() => send(channel), TYPING_RENEW_MS);
        timer.unref();
        channels.set(channel.id, { waiting: 1, timer });
      } else {
        existing.waiting += 1;
      }
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        const entry = channels.get(channel.id);
        if (entry === undefined) return;
        entry.waiting -= 1;
        if (entry.waiting > 0) return;
        clearInterval(entry.timer);
        channels.delete(channel.id);
      };
    },
    stopAll() {
      for (const entry of channels.values()) clearInterval(entry.timer);
      channels.clear();
    },
  };
}
