/** Helpers for the slash-command e2e tests: register the commands, run one and wait for its answer, ask by mention. */
import { createCommandRest, deployCommands } from "../../../src/bot/commands/deploy-commands.ts";
import type { RunCommandInput } from "../../fakes/discord/interaction-drivers.ts";
import type { FakeDiscord } from "../../fakes/discord/index.ts";
import type { StoredMessage } from "../../fakes/discord/world.ts";

/** Discord's EPHEMERAL message flag. */
export const EPHEMERAL = 64;

/** Registers the bot's commands in the seeded guild (and globally, for DMs), as `commands deploy` does. */
export async function registerCommands(discord: FakeDiscord): Promise<void> {
  const rest = createCommandRest(discord.botToken, discord.restUrl);
  await deployCommands(rest, { applicationId: discord.applicationId, guildId: discord.guildId() });
  await deployCommands(rest, { applicationId: discord.applicationId });
}

export interface CommandReply {
  content: string;
  flags: number;
  embeds: { title?: string; description?: string }[];
}

/** Runs a slash command as a user and resolves with the bot's reply (type 4 callback data). */
export async function runCommandAndWait(discord: FakeDiscord, input: RunCommandInput): Promise<CommandReply> {
  const interaction = discord.runCommand(input);
  const response = await discord.waitFor(() => interaction.response, { description: `an answer to /${input.name}` });
  const data = response.data as Partial<CommandReply>;
  return { content: data.content ?? "", flags: data.flags ?? 0, embeds: data.embeds ?? [] };
}

/** The suggestions the bot offers while a user types `value` into `focused`. */
export async function autocompleteAndWait(discord: FakeDiscord, input: RunCommandInput & { focused: string; value: string }): Promise<{ name: string; value: string | number }[]> {
  const interaction = discord.autocomplete(input);
  return await discord.waitFor(() => interaction.autocompleteChoices, { description: `suggestions for /${input.name} ${input.focused}` });
}

/** A user mentions the bot; resolves with the bot's answer once it is final (its usage footer is there). */
export async function mentionAndWait(discord: FakeDiscord, input: { channelId: string; authorId: string; content: string }): Promise<StoredMessage> {
  const question = discord.userSays({ ...input, mentionsBot: true });
  const answer = await discord.waitForMessage({ where: (message) => message.messageReference?.message_id === question.id });
  await discord.waitFor(() => /-# .+ · [\d,]+ in · [\d,]+ out/.test(answer.content), { description: "the answer's usage footer" });
  return answer;
}
