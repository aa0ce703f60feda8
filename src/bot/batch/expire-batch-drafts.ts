/**
 * The sweep over `/batch` drafts: every draft no file was added to for `[batch] draft_ttl_hours` is deleted with its
 * S3 copies. Reads already treat such a draft as gone (`readDraft`); the sweep catches the ones nobody opens again,
 * so their copies do not stay in the bucket. Meant for the batch watcher's cycle: it reads the drafts index up to a
 * batch of expired drafts, never the whole namespace (the rest wait for the next cycle).
 */
import type { LoadedConfig } from "../../config/index.ts";
import type { Logger } from "../../create-logger.ts";
import { draftAccessOf, type DraftsOfRuntime } from "./batch-runtime.ts";
import { draftExpired, draftsTouchedBefore, readDraft } from "./batch-drafts.ts";

/** Expired drafts deleted per cycle at most. */
const SWEEP_BATCH = 100;

export interface ExpireBatchDraftsDeps {
  runtime: DraftsOfRuntime;
  config: LoadedConfig;
  logger: Logger;
}

/** Deletes expired drafts and their copies, a batch at most; returns how many went. One failure does not stop the rest. */
export async function expireBatchDrafts(deps: ExpireBatchDraftsDeps): Promise<number> {
  const access = draftAccessOf(deps.runtime, deps.config);
  if (access.ttlHours === 0) return 0;
  let expired = 0;
  for (const draft of await access.drafts.below(draftsTouchedBefore(access.ttlHours, access.now()), SWEEP_BATCH)) {
    if (!draftExpired(draft, access.ttlHours, access.now())) continue;
    try {
      // Read again rather than delete what the scan saw: a file added since then keeps the draft alive.
      if ((await readDraft(access, draft)) === undefined) expired++;
    } catch (error) {
      deps.logger.error({ err: error, draft: { guildId: draft.guildId, channelId: draft.channelId, userId: draft.userId } }, "could not delete an expired batch draft");
    }
  }
  return expired;
}
