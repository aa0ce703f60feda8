/** Scripted replies waiting per model id ("*" for any model), taken in order: the exact id's queue first. */
import type { ScriptedReply } from "./scripted-reply.ts";

const ANY_MODEL = "*";

export class ScriptQueue {
  private readonly queues = new Map<string, ScriptedReply[]>();

  add(modelId: string, replies: readonly ScriptedReply[]): void {
    this.queues.set(modelId, [...(this.queues.get(modelId) ?? []), ...replies]);
  }

  /** The next reply for this model, or undefined when nothing is queued (the model then echoes). */
  take(modelId: string): ScriptedReply | undefined {
    return this.queues.get(modelId)?.shift() ?? this.queues.get(ANY_MODEL)?.shift();
  }

  clear(): void {
    this.queues.clear();
  }
}
