/**
 * The console's person: who they are (alice at first), where they are (#general at first), files waiting for their
 * next message, and what each console command does to the fake Discord through its simulated-user drivers. What the
 * bot does in return is printed by `watchBotActivity`, not here. A command that cannot be done throws an Error whose
 * message is meant for the person.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { ChannelType } from "discord-api-types/v10";
import { resolveUserPath } from "../../resolve-user-path.ts";
import type { FakeDiscord } from "../fake-discord.ts";
import type { OptionValue } from "../interaction-drivers.ts";
import type { AttachmentInput } from "../user-drivers.ts";
import type { FakeChannel } from "../world.ts";
import { contentTypeForFile } from "./content-type-for-file.ts";
import { expandMentions } from "./expand-mentions.ts";
import { findButton } from "./find-button.ts";
import type { ConsoleCommand } from "./parse-console-line.ts";
import { consoleHelp } from "./console-help.ts";
import { formatBytes } from "./describe-message.ts";
import { placeLabel } from "./place-label.ts";
import { toCommandInput, type NameResolvers } from "./slash-command-input.ts";

/** Where the person is: a channel or thread, or "dm" (their DM with the bot, whoever they are at the time). */
type Place = { channelId: string } | "dm";

/** Channels and threads a person can type in (not categories). */
const TEXT_PLACES = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);

export class ConsoleSession {
  private userId: string;
  private place: Place;
  private pendingFiles: AttachmentInput[] = [];

  constructor(
    private readonly fake: FakeDiscord,
    private readonly print: (line: string) => void,
  ) {
    this.userId = fake.userId("alice");
    this.place = { channelId: fake.channelId("general") };
  }

  /** "alice in #general". */
  get whereabouts(): string {
    return `${this.username} in ${placeLabel(this.fake.world, this.channelId)}`;
  }

  run(command: ConsoleCommand): void {
    switch (command.kind) {
      case "say":
        return this.post(command.text);
      case "reply":
        return this.post(command.text, command.messageId ?? this.latestBotMessageId());
      case "slash":
        return this.runSlash(command);
      case "click":
        return this.click(command.label, command.messageId);
      case "app":
        return this.runMessageMenu(command.name, command.messageId);
      case "attach":
        return this.attach(command.paths);
      case "as":
        this.userId = this.fake.world.userByName(command.username)?.id ?? fail(`there is no user "${command.username}" (users: ${this.usernames().join(", ")})`);
        return this.print(`you are ${this.whereabouts}`);
      case "in":
        this.place = this.findPlace(command.place);
        return this.print(`you are ${this.whereabouts}`);
      case "thread":
        return this.startThread(command.name);
      case "help":
        return this.print(consoleHelp());
      case "nothing":
        return;
      case "invalid":
        return fail(command.reason);
      default: {
        const unexpected: never = command;
        throw new Error(`unknown console command ${JSON.stringify(unexpected)}`);
      }
    }
  }

  private get channelId(): string {
    return this.place === "dm" ? this.fake.dmChannel(this.userId).id : this.place.channelId;
  }

  private get username(): string {
    return this.fake.world.users.get(this.userId)?.username ?? this.userId;
  }

  private post(text: string, replyTo?: string): void {
    const content = expandMentions(text, { bot: this.fake.botUser.id, user: (name) => this.fake.world.userByName(name)?.id });
    const message = this.fake.userSays({ channelId: this.channelId, authorId: this.userId, content, attachments: this.pendingFiles, ...(replyTo === undefined ? {} : { replyTo }) });
    this.pendingFiles = [];
    const files = message.attachments.length === 0 ? "" : ` with ${message.attachments.map((a) => a.filename).join(", ")}`;
    this.print(`[${placeLabel(this.fake.world, message.channelId)}] ${this.username} ${replyTo === undefined ? "posted" : `replied to ${replyTo}`} ${message.id}${files}`);
  }

  private runSlash(command: Extract<ConsoleCommand, { kind: "slash" }>): void {
    const channel = this.fake.channel(this.channelId)!;
    const registered = [...(channel.guildId === null ? [] : this.fake.commands(channel.guildId)), ...this.fake.commands()];
    const input = toCommandInput(command, registered, this.nameResolvers(channel));
    const options: Record<string, OptionValue> = {};
    for (const [name, value] of Object.entries(input.options)) options[name] = typeof value === "object" ? readLocalFile(value.path) : value;
    this.fake.runCommand({ ...input, options, channelId: channel.id, userId: this.userId });
    const path = [input.name, input.subcommandGroup, input.subcommand].filter((part) => part !== undefined).join(" ");
    this.print(`[${placeLabel(this.fake.world, channel.id)}] ${this.username} ran /${path}`);
  }

  private click(label: string, messageId: string | undefined): void {
    const candidates = messageId === undefined ? this.fake.messages(this.channelId) : [this.fake.message(messageId) ?? fail(`there is no message ${messageId}`)];
    const button = findButton(candidates, label) ?? fail(`no message ${messageId === undefined ? `in ${placeLabel(this.fake.world, this.channelId)} ` : ""}has a button "${label}" to press`);
    this.fake.clickButton({ messageId: button.messageId, customId: button.customId, userId: this.userId });
    this.print(`${this.username} pressed [${button.label}] on ${button.messageId}`);
  }

  private runMessageMenu(name: string, messageId: string | undefined): void {
    const target = messageId ?? this.fake.messages(this.channelId).findLast((m) => m.authorId === this.userId)?.id ?? fail(`you have no message in ${placeLabel(this.fake.world, this.channelId)} to use "${name}" on`);
    this.fake.contextMenu({ name, userId: this.userId, channelId: this.channelId, targetMessageId: target });
    this.print(`${this.username} used "${name}" on ${target}`);
  }

  private attach(paths: readonly string[]): void {
    const files = paths.map(readLocalFile);
    this.pendingFiles.push(...files);
    this.print(`your next message carries ${this.pendingFiles.map((f) => `${f.filename} (${formatBytes(f.bytes.length)})`).join(", ")}`);
  }

  private startThread(name: string): void {
    const channel = this.fake.channel(this.channelId)!;
    if (channel.guildId === null || channel.thread !== null) fail("threads start in a server channel: .in #general first");
    this.place = { channelId: this.fake.userStartsThread({ channelId: channel.id, userId: this.userId, name }).id };
    this.print(`you started a thread; you are ${this.whereabouts}`);
  }

  private latestBotMessageId(): string {
    const latest = this.fake.messages(this.channelId).findLast((m) => m.authorId === this.fake.botUser.id);
    return latest?.id ?? fail(`the bot has no message in ${placeLabel(this.fake.world, this.channelId)} to reply to`);
  }

  /** `dm`, a channel or thread by name (with or without #, any case), or an id. */
  private findPlace(name: string): Place {
    if (name.toLowerCase() === "dm") return "dm";
    const wanted = name.replace(/^#/, "").toLowerCase();
    const places = [...this.fake.world.channels.values()].filter((c) => c.guildId !== null && TEXT_PLACES.has(c.type));
    const found = places.find((c) => c.id === wanted) ?? places.find((c) => c.name?.toLowerCase() === wanted);
    return found === undefined ? fail(`there is no channel or thread "${name}" (${["dm", ...places.map((c) => placeLabel(this.fake.world, c.id))].join(", ")})`) : { channelId: found.id };
  }

  private nameResolvers(channel: FakeChannel): NameResolvers {
    const world = this.fake.world;
    return {
      user: (name) => world.userByName(name)?.id ?? (world.users.has(name) ? name : fail(`there is no user "${name}" (users: ${this.usernames().join(", ")})`)),
      channel: (name) => {
        const place = this.findPlace(name);
        return place === "dm" ? fail("a channel option takes a server channel") : place.channelId;
      },
      role: (name) =>
        [...world.roles.values()].find((r) => (r.name.toLowerCase() === name.toLowerCase() || r.id === name) && r.guildId === channel.guildId)?.id ??
        fail(`there is no role "${name}" here`),
    };
  }

  private usernames(): string[] {
    return [...this.fake.world.users.values()].filter((u) => !u.bot).map((u) => u.username);
  }
}

/** A file from the person's disk, as Discord's client would upload it. */
function readLocalFile(path: string): AttachmentInput {
  const absolute = resolveUserPath(path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    return fail(`cannot read ${absolute}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { filename: basename(absolute), bytes, contentType: contentTypeForFile(absolute) };
}

function fail(reason: string): never {
  throw new Error(reason);
}
