/** Injected failures: each fault answers the next `times` matching calls, oldest fault first. */
import type { Fault, FaultOperation } from "./types.ts";

const RUNTIME_OPERATIONS: ReadonlySet<FaultOperation> = new Set<FaultOperation>(["Converse", "ConverseStream", "InvokeModel"]);

export class FaultQueue {
  private readonly pending: { fault: Fault; remaining: number }[] = [];

  add(times: number, fault: Fault): void {
    if (!Number.isInteger(times) || times < 0) throw new RangeError(`fail(times): expected a whole number >= 0, got ${times}`);
    if (times > 0) this.pending.push({ fault, remaining: times });
  }

  /** The fault for this call, if any, counting it as used. */
  take(operation: FaultOperation, modelId: string | undefined): Fault | undefined {
    const entry = this.pending.find(
      ({ fault }) =>
        (fault.operation === undefined ? RUNTIME_OPERATIONS.has(operation) : fault.operation === operation) &&
        (fault.modelId === undefined || fault.modelId === modelId),
    );
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.pending.splice(this.pending.indexOf(entry), 1);
    return entry.fault;
  }

  clear(): void {
    this.pending.length = 0;
  }
}
