/**
 * Leases a running process holds for as long as it runs (its gateway shards; on sqlite, the store itself): claimed
 * together before it connects, renewed in the background every third of the TTL, released when it stops.
 *
 * The guarantee is "never two holders": a renewal that finds the lease gone or taken, or a store that stays silent
 * until the lease may have expired, reports the lease lost at once (`onLost`), and the caller must stop acting on
 * it — for a shard, close the Discord connection before anyone else may IDENTIFY it.
 *
 * A `shared` claim is held jointly by every process that claims it with the same value (the fleet's shard count):
 * finding it held with our value is success, and any holder renews it; it is never released, only left to lapse.
 */
import { UserFacingError } from "../bedrock/errors/user-facing-error.ts";
import type { Logger } from "../create-logger.ts";
import type { LeaseStore } from "../store/claim-lease.ts";

export interface LeaseClaimSpec {
  key: string;
  /** The owner id written into the lease (for a shared claim: the value all holders agree on). */
  value: string;
  shared?: boolean;
  /** The sentence for a refusal: what holds it (`holder`, when the store could say) and what to do. */
  describeHeld(holder: string | undefined): string;
  /** What was lost, for the sentence of a lost lease ("shard 1"). */
  name: string;
}

export interface HoldOptions {
  leases: Pick<LeaseStore, "claimLease" | "renewLease" | "releaseLease">;
  ttlMs: number;
  /** Wait (retrying) while something is held, instead of refusing at once. */
  wait: boolean;
  logger: Logger;
  /** Called once, with a sentence, when a lease was lost while held. */
  onLost(reason: string): void;
}

export interface HeldLeases {
  /** Stops renewing and gives up what was claimed (shared claims are left to lapse). Safe to call twice. */
  release(): Promise<void>;
}

/** A lease another process holds, so this one cannot start: `bedrock-bot start` exits with code 2. */
export class LeaseHeldError extends UserFacingError {
  readonly exitCode = 2;
}

/** Pause between claims while waiting: a fraction of the TTL, as a freed lease is worth taking soon. */
const waitStepMs = (ttlMs: number) => Math.min(2_000, Math.max(200, Math.floor(ttlMs / 10)));

export async function holdLeases(claims: readonly LeaseClaimSpec[], options: HoldOptions): Promise<HeldLeases> {
  let waitingFor = "";
  for (;;) {
    const refusal = await claimAll(claims, options);
    if (refusal === undefined) return keepRenewing(claims, options);
    if (!options.wait) throw new LeaseHeldError(refusal);
    if (refusal !== waitingFor) options.logger.warn({ reason: refusal }, "waiting for a lease another process holds");
    waitingFor = refusal;
    await new Promise((resolve) => setTimeout(resolve, waitStepMs(options.ttlMs)));
  }
}

/** Claims each in order; on the first refusal gives back what this attempt took and says why. */
async function claimAll(claims: readonly LeaseClaimSpec[], { leases, ttlMs }: HoldOptions): Promise<string | undefined> {
  const taken: LeaseClaimSpec[] = [];
  for (const claim of claims) {
    let result = await leases.claimLease(claim.key, claim.value, ttlMs);
    // Refused, yet no holder to read: it lapsed or was released in between; worth a second try at once.
    for (let retry = 0; retry < 3 && !result.claimed && result.holder === undefined; retry++) result = await leases.claimLease(claim.key, claim.value, ttlMs);
    if (result.claimed || (claim.shared === true && result.holder === claim.value)) {
      if (claim.shared !== true) taken.push(claim);
      continue;
    }
    await Promise.all(taken.map((each) => leases.releaseLease(each.key, each.value)));
    return claim.describeHeld(result.holder);
  }
  return undefined;
}

function keepRenewing(claims: readonly LeaseClaimSpec[], options: HoldOptions): HeldLeases {
  const { leases, ttlMs, logger } = options;
  const everyMs = Math.max(1, Math.floor(ttlMs / 3));
  // When each lease was last confirmed (the moment its renewal was sent, not answered: the conservative end).
  const confirmedAt = new Map(claims.map((claim) => [claim.key, Date.now()]));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();

  const lose = (reason: string) => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    options.onLost(reason);
  };

  const renewOne = async (claim: LeaseClaimSpec) => {
    const sentAt = Date.now();
    try {
      let held = await leases.renewLease(claim.key, claim.value, ttlMs);
      if (!held && claim.shared === true) {
        // A shared record lapses if every holder was slow at once; taking it again is safe unless another value won.
        const again = await leases.claimLease(claim.key, claim.value, ttlMs);
        held = again.claimed || again.holder === claim.value;
      }
      if (stopped) return;
      if (held) confirmedAt.set(claim.key, sentAt);
      else lose(`This process lost its hold on ${claim.name} (the lease expired or another process took it), so it stopped its Discord connection: another process may hold it now.`);
    } catch (error) {
      const silentMs = Date.now() - (confirmedAt.get(claim.key) ?? 0);
      // The next try would come after the lease may have expired: someone else may hold it by then.
      if (silentMs + everyMs >= ttlMs) {
        lose(`This process could not renew its hold on ${claim.name} for ${Math.round(silentMs / 1000)} s (the store did not answer), so it stopped its Discord connection: another process may hold it now.`);
      } else if (!stopped) {
        logger.warn({ err: error, lease: claim.key }, "lease renewal failed; retrying");
      }
    }
  };

  const schedule = () => {
    timer = setTimeout(() => {
      round = Promise.all(claims.map(renewOne)).then(() => {
        if (!stopped) schedule();
      });
    }, everyMs);
    // Renewals alone must not keep a process alive that has nothing else to do.
    timer.unref();
  };
  schedule();

  let released: Promise<void> | undefined;
  return {
    release() {
      released ??= (async () => {
        stopped = true;
        clearTimeout(timer);
        await round;
        await Promise.all(
          claims
            .filter((claim) => claim.shared !== true)
            .map((claim) => leases.releaseLease(claim.key, claim.value).catch((error: unknown) => logger.warn({ err: error, lease: claim.key }, "could not release a lease; it lapses on its own"))),
        );
      })();
      return released;
    },
  };
}
