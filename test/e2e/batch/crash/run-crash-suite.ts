/**
 * The body of the crash suite for one store: every generated kill point, each in a rig of its own (fresh store,
 * fresh fakes), acted out by its row's recipe, driven to rest, and checked:
 * - nothing is left open, and every submission ended in the state the recipe expects;
 * - Bedrock has each job once (no job created twice, whatever died where);
 * - each notice due was posted exactly once (its marker found once in Discord), none twice;
 * - the usage log holds each spend once; no plan's held records are left in S3.
 */
import { describe, expect, it } from "vitest";
import type { CrashStore } from "./crash-rig.ts";
import { startCrashRig } from "./crash-rig.ts";
import { RECIPES } from "./crash-recipes.ts";
import { CrashScene } from "./crash-scene.ts";
import { keysUnder, noticeParts } from "../batch-e2e-steps.ts";
import { killScenarios } from "./kill-points.ts";

/** Each scenario starts the bot two to six times on a busy machine: a hang guard, not a timing. */
const SCENARIO_TIMEOUT_MS = 300_000;

export function describeCrashSuite(store: CrashStore): void {
  // One scenario at a time per store: each starts bot processes, and running several at once beside the rest of the
  // suite would only crowd a 2-core machine (the sqlite and Redis files still run side by side).
  describe(`crash suite on ${store}`, () => {
    for (const scenario of killScenarios()) {
      it(`SIGKILL at ${scenario.killAt} (recipe ${scenario.recipe ?? "missing"}) THEN a restarted bot finishes with nothing lost or done twice`, async () => {
        if (scenario.recipe === undefined) throw new Error(`no recipe for ${scenario.row}`);
        const recipe = RECIPES[scenario.recipe];
        const rig = await startCrashRig(store, scenario.killAt);
        try {
          const scene = await CrashScene.start(rig, scenario.killAt);
          await recipe.act(scene);
          await scene.driveToRest();
          await scene.stop();

          expect(scene.killed, "the kill point was reached").toBe(true);
          const archived = await rig.runtime.submissions.archived();
          expect(await rig.runtime.submissions.open()).toEqual([]);
          const states = archived.map((each) => each.state).sort();
          const expectations = Array.isArray(recipe.expect) ? recipe.expect : [recipe.expect];
          const expected = expectations.find((each) => JSON.stringify(each.states) === JSON.stringify(states)) ?? expectations[0]!;
          expect(states).toEqual(expected.states);
          const jobs = rig.bedrock.batch.jobs();
          expect(jobs).toHaveLength(expected.jobs);
          expect(new Set(jobs.map((job) => job.jobName)).size).toBe(jobs.length);
          const channels = [rig.ids.general, rig.ids.random, rig.discord.dmChannel(rig.ids.alice).id, rig.discord.dmChannel(rig.ids.bob).id];
          for (const submission of archived) {
            for (const [noticeId, outcome] of Object.entries(submission.notices ?? {})) {
              const posted = channels.flatMap((channelId) => noticeParts(rig, channelId, noticeId).filter((message) => !/job \S+\/repost-/.test(message.content)));
              expect(posted.filter((message) => message.embeds.length > 0), `notice ${noticeId}`).toHaveLength(outcome === "delivered" ? 1 : 0);
            }
          }
          const usage = await rig.usage.list({ since: new Date(0) });
          expect(usage, "spend records").toHaveLength(expected.usage);
          expect(await keysUnder(rig, "runs/pending-")).toEqual([]);
        } finally {
          await rig.close();
        }
      }, SCENARIO_TIMEOUT_MS);
    }
  });
}
