/**
 * What a guard says: go ahead, or a refusal whose `reason` is a sentence for the Discord user (the edge shows it, or
 * throws it as a `UserFacingError`; style.md §7).
 */
export type GuardDecision = { allowed: true } | { allowed: false; reason: string };

export const ALLOWED: GuardDecision = Object.freeze({ allowed: true });

export function refuse(reason: string): GuardDecision {
  return { allowed: false, reason };
}
