/**
 * Prints what the bot did since the last look: messages it posted or edited (the newest state of each, so a streamed
 * answer shows as a few edits rather than one line per token), messages it deleted, threads it started, interactions
 * it left unanswered past Discord's 3-second window, and any violations. Files it posted are listed with their sizes
 * and, with `saveDir`, saved there as `<message id>-<filename>`. The fake has no change feed to subscribe to, so the
 * standalone calls the returned function on a timer.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FakeDiscord } from "../fake-discord.ts";
import { DEFAULT_OPTIONS } from "../options.ts";
import type { StoredMessage } from "../world.ts";
import { describeMessage } from "./describe-message.ts";
import { placeLabel } from "./place-label.ts";
import { renderDiscordMarkup } from "./render-discord-markup.ts";

export interface BotActivityOptions {
  fake: FakeDiscord;
  print: (line: string) => void;
  /** Folder for the files the bot posts (created if missing); unset: files are only listed. */
  saveDir?: string;
  /** Print violations only. */
  violationsOnly?: boolean;
}

export function watchBotActivity({ fake, print, saveDir, violationsOnly = false }: BotActivityOptions): () => void {
  const seenVersions = new Map<string, number>();
  /** What was last printed of each message below its header: an edit that changes nothing visible is not printed. */
  const shown = new Map<string, string>();
  const reported = new Set<string>(); // deleted messages, started threads, unanswered interactions
  const savedTo = new Map<string, string>(); // attachment id -> file
  let seenViolations = 0;
  if (saveDir !== undefined) mkdirSync(saveDir, { recursive: true });

  const fileOf = (message: StoredMessage, attachmentId: string) => {
    const attachment = fake.world.attachments.get(attachmentId);
    if (attachment === undefined) return { filename: attachmentId, bytes: 0 };
    if (saveDir !== undefined && !savedTo.has(attachment.id)) {
      const file = join(saveDir, `${message.id}-${attachment.filename}`);
      writeFileSync(file, attachment.bytes);
      savedTo.set(attachment.id, file);
    }
    const file = savedTo.get(attachment.id);
    return { filename: attachment.filename, bytes: attachment.bytes.length, ...(file === undefined ? {} : { savedTo: file }) };
  };

  const renderText = (text: string) =>
    renderDiscordMarkup(text, {
      user: (id) => fake.world.users.get(id)?.username,
      channel: (id) => fake.world.channels.get(id)?.name ?? undefined,
      role: (id) => fake.world.roles.get(id)?.name,
    });

  const printMessages = () => {
    for (const message of fake.world.messages.values()) {
      if (message.authorId !== fake.botUser.id) continue;
      const where = placeLabel(fake.world, message.channelId);
      if (message.deletedAt !== null) {
        if (!reported.has(`deleted:${message.id}`)) print(`[${where}] bot deleted ${message.id}`);
        reported.add(`deleted:${message.id}`);
        continue;
      }
      const seen = seenVersions.get(message.id) ?? 0;
      const version = message.versions.at(-1);
      if (version === undefined || message.versions.length === seen) continue;
      seenVersions.set(message.id, message.versions.length);
      const onlyFor = message.interactionId === null ? undefined : fake.world.users.get(fake.interaction(message.interactionId)?.userId ?? "")?.username;
      const lines = describeMessage({
        where,
        messageId: message.id,
        change: seen === 0 ? "posted" : "edited",
        content: version.content,
        embeds: version.embeds,
        components: version.components,
        flags: version.flags,
        files: version.attachmentIds.map((id) => fileOf(message, id)),
        ...(onlyFor === undefined ? {} : { onlyFor }),
      }, renderText);
      const body = lines.slice(1).join("\n");
      if (shown.get(message.id) === body) continue;
      shown.set(message.id, body);
      for (const line of lines) print(line);
    }
  };

  const printThreads = () => {
    for (const channel of fake.world.channels.values()) {
      if (channel.thread?.ownerId !== fake.botUser.id || reported.has(`thread:${channel.id}`)) continue;
      reported.add(`thread:${channel.id}`);
      print(`[${placeLabel(fake.world, channel.parentId ?? "")}] bot started ${placeLabel(fake.world, channel.id)} (.in ${channel.name ?? channel.id} to talk there)`);
    }
  };

  const printUnanswered = () => {
    const windowMs = DEFAULT_OPTIONS.interactionResponseTimeoutMs;
    const deadline = Date.now() - windowMs;
    for (const interaction of fake.world.interactions.values()) {
      if (interaction.response !== null || interaction.createdAt > deadline || reported.has(`unanswered:${interaction.id}`)) continue;
      reported.add(`unanswered:${interaction.id}`);
      const data = (interaction.payload as { data?: { name?: string; custom_id?: string } }).data;
      const what = data?.name === undefined ? `the button ${data?.custom_id ?? ""}` : `/${data.name}`;
      print(`! the bot did not answer ${what} within ${windowMs / 1000} s: Discord would show "The application did not respond"`);
    }
  };

  return () => {
    if (!violationsOnly) {
      printThreads();
      printMessages();
      printUnanswered();
    }
    for (const violation of fake.violations.slice(seenViolations)) {
      print(`! VIOLATION [${violation.kind}] ${violation.method} ${violation.path}: ${violation.message}`);
    }
    seenViolations = fake.violations.length;
  };
}
