/**
 * What an on-demand run cost, in one phrase for Discord and the CLI alike: `$0.0012 at the flex tier`, or
 * `cost unknown (≈$0.0024 at standard prices) at the priority tier` when that tier has no configured prices.
 */
import { formatUsd } from "../../../format/format-usd.ts";

export function describeOnDemandCost(outcome: { costUsd: number; costKnown: boolean; serviceTiers: readonly string[] }): string {
  const cost = outcome.costKnown ? formatUsd(outcome.costUsd) : `cost unknown (≈${formatUsd(outcome.costUsd)} at standard prices)`;
  const tiers = outcome.serviceTiers.length === 0 ? "" : ` at the ${outcome.serviceTiers.join(" and ")} tier${outcome.serviceTiers.length > 1 ? "s" : ""}`;
  return `${cost}${tiers}`;
}
