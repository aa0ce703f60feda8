/**
 * Runs the fake Discord by hand: `npm run fake:discord -- [--port N] [--host H] [--token T] [--quiet]`
 * (or FAKE_DISCORD_PORT). Prints what a bot needs (DISCORD_API_URL, token, CDN host) and the seeded ids,
 * then lets you talk to the bot from the terminal:
 *
 *   hello               alice says "@bot hello" in #general
 *   #random hello       ... in #random
 *   bob: hello          bob says it
 *   /dm hello           alice says it in her DM with the bot
 *
 * The bot's posts and edits, and any violations, are printed as they happen. Ctrl-C stops it.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { startFakeDiscord } from "./start-fake-discord.ts";

/** How often the bot's activity is looked for, to print it. */
const PRINT_POLL_MS = 200;

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    token: { type: "string" },
    quiet: { type: "boolean", default: false },
  },
});

const portText = values.port ?? process.env.FAKE_DISCORD_PORT ?? "0";
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port: expected a port number (0-65535), got "${portText}"`);
  process.exit(2);
}

const fake = await startFakeDiscord({ port, host: values.host, ...(values.token === undefined ? {} : { botToken: values.token }) });
const guild = fake.world.guilds.get(fake.guildId())!;
const channels = fake.world.guildChannels(guild.id).map((c) => `#${c.name ?? "?"}=${c.id}`);
const users = [...fake.world.users.values()].filter((u) => !u.bot).map((u) => `${u.username}=${u.id}`);

console.log(`fake Discord listening
  DISCORD_API_URL (discord.js rest.api): ${fake.restUrl}
  gateway (via GET /api/v10/gateway/bot): ${fake.gatewayUrl}
  CDN: ${fake.cdnBaseUrl}   (allowed CDN host: ${fake.cdnHost})
  bot token: ${fake.botToken}
  bot user / application id: ${fake.botUser.id}
  guild "${guild.name}"=${guild.id}
  channels: ${channels.join(" ")}
  users: ${users.join(" ")}
Type a line to have alice mention the bot in #general ("#random text", "bob: text", "/dm text" also work).`);

const general = fake.channelId("general");
const input = createInterface({ input: process.stdin });
input.on("line", (line) => {
  const text = line.trim();
  if (text === "") return;
  try {
    const dm = /^\/dm\s+(.*)$/.exec(text);
    const speaker = /^(\w+):\s*(.*)$/.exec(text);
    const inChannel = /^#([\w-]+)\s+(.*)$/.exec(text);
    if (dm) {
      fake.userSays({ channelId: fake.dmChannel(fake.userId("alice")).id, authorId: fake.userId("alice"), content: dm[1]! });
    } else if (speaker) {
      fake.userSays({ channelId: general, authorId: fake.userId(speaker[1]!), content: speaker[2]!, mentionsBot: true });
    } else if (inChannel) {
      fake.userSays({ channelId: fake.channelId(inChannel[1]!), authorId: fake.userId("alice"), content: inChannel[2]!, mentionsBot: true });
    } else {
      fake.userSays({ channelId: general, authorId: fake.userId("alice"), content: text, mentionsBot: true });
    }
  } catch (error) {
    console.error((error as Error).message);
  }
});

// Print the bot's new messages and edits, and new violations.
const seenVersions = new Map<string, number>();
let seenViolations = 0;
const printer = setInterval(() => {
  for (const message of fake.world.messages.values()) {
    if (message.authorId !== fake.botUser.id || values.quiet) continue;
    const seen = seenVersions.get(message.id) ?? 0;
    if (message.versions.length === seen) continue;
    seenVersions.set(message.id, message.versions.length);
    const where = fake.channel(message.channelId)?.name ?? message.channelId;
    message.versions.slice(seen).forEach((version, i) => {
      const files = version.attachmentIds.length > 0 ? ` [${version.attachmentIds.length} file(s)]` : "";
      console.log(`${seen + i === 0 ? "bot posted" : "bot edited"} in ${where} (${message.id}): ${version.content}${files}`);
    });
  }
  for (const violation of fake.violations.slice(seenViolations)) {
    console.warn(`VIOLATION [${violation.kind}] ${violation.method} ${violation.path}: ${violation.message}`);
  }
  seenViolations = fake.violations.length;
}, PRINT_POLL_MS);

const stop = (): void => {
  clearInterval(printer);
  input.close();
  void fake.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
