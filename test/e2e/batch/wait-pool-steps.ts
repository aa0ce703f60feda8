/** Steps of the waiting-pool e2e tests: notes submitted with policy `wait`. */
import { makeZip } from "../../bedrock/batch/fixtures/make-zip.ts";
import type { StoredMessage } from "../../fakes/discord/index.ts";
import type { BatchBotKit } from "./batch-bot-kit.ts";

/** The text of note `index` (1-based) of `who`; the fake model says it back, so a result row shows whose it is. */
export const noteText = (who: string, index: number) => `${who} note ${index}: bring item ${index}.`;

/** Runs `/batch submit` of `count` notes of `who` with policy wait; returns the interaction. */
export function runNotes(kit: BatchBotKit, who: "alice" | "bob", channelId: string, count: number) {
  const zip = makeZip(Array.from({ length: count }, (_, index) => ({ name: `${who}/note-${index + 1}.txt`, data: noteText(who, index + 1) })));
  return kit.discord.runCommand({
    name: "batch",
    subcommand: "submit",
    channelId,
    userId: kit.ids[who],
    options: { file1: { filename: `${who}.zip`, bytes: zip, contentType: "application/zip" }, prompt: "Say it back.", model: "nova-lite", policy: "wait" },
  });
}

/** `runNotes`, resolving with the reply once it shows the outcome. */
export async function submitNotes(kit: BatchBotKit, who: "alice" | "bob", channelId: string, count: number): Promise<StoredMessage> {
  const command = runNotes(kit, who, channelId, count);
  return kit.discord.waitFor(() => {
    const reply = kit.discord.originalResponse(command);
    return reply?.content.includes("⏳ ") === true && /needed|reached/.test(reply.content) ? reply : undefined;
  }, { description: `${who}'s wait answer` });
}

