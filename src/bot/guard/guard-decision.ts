/**
 * What a guard says: go ahead, or a refusal whose `reason` is a sentence for the Discord user (the edge shows it, or
 * throws it as a `UserFacingError`).
 */
export type GuardDecision =
  | { allowed: true }
  /** `quiet`: the user was already told (a repeated rate-limit refusal); a public surface need not say it again. */
  | { allowed: false; reason: string; quiet?: boolean };

export const ALLOWED: GuardDecision = Object.freeze({ allowed: true });

export function refuse(reason: string, options: { quiet?: boolean } = {}): GuardDecision {
  return { allowed: false, reason, ...(options.quiet === true ? { quiet: true } : {}) };
}
