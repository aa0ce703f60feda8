/**
 * Runs the fake Discord by hand: `npm run fake:discord -- [--port N] [--host H] [--token T] [--shards N] [--save-dir DIR]
 * [--quiet]` (or FAKE_DISCORD_PORT). `--shards` is the shard count GET /gateway/bot recommends (what a bot with
 * `shards: "auto"` runs). Prints the `export` lines the bot's terminal needs (DISCORD_TOKEN, DISCORD_API_URL and the
 * CDN host the config written by `npm run fake:bedrock` reads), then turns terminal lines into what people do in
 * Discord — messages, mentions, slash commands with options and files, button presses (see console/ and `.help`) —
 * and prints what the bot posts, edits and attaches as it happens (`--save-dir` keeps its files). `--quiet` prints
 * violations only. Ctrl-C stops it.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { resolveUserPath } from "../resolve-user-path.ts";
import { CDN_HOST_ENV } from "../standalone-env.ts";
import { ConsoleSession } from "./console/console-session.ts";
import { parseConsoleLine } from "./console/parse-console-line.ts";
import { watchBotActivity } from "./console/watch-bot-activity.ts";
import { shardOfGuild } from "./shards.ts";
import { startFakeDiscord } from "./start-fake-discord.ts";

/** How often the bot's activity is looked for, to print it. */
const PRINT_POLL_MS = 200;

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    token: { type: "string" },
    shards: { type: "string" },
    "save-dir": { type: "string" },
    quiet: { type: "boolean", default: false },
  },
});

const portText = values.port ?? process.env.FAKE_DISCORD_PORT ?? "0";
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port: expected a port number (0-65535), got "${portText}"`);
  process.exit(2);
}

const shards = values.shards === undefined ? undefined : Number(values.shards);
if (shards !== undefined && (!Number.isInteger(shards) || shards < 1)) {
  console.error(`--shards: expected a whole number of shards (1 or more), got "${values.shards ?? ""}"`);
  process.exit(2);
}

const fake = await startFakeDiscord({
  port,
  host: values.host,
  ...(values.token === undefined ? {} : { botToken: values.token }),
  ...(shards === undefined ? {} : { recommendedShards: shards }),
});
const session = new ConsoleSession(fake, (line) => console.log(line));
const guild = fake.world.guilds.get(fake.guildId())!;
const channels = fake.world.guildChannels(guild.id).filter((c) => c.parentId !== null).map((c) => `#${c.name ?? "?"}`);
const users = [...fake.world.users.values()].filter((u) => !u.bot).map((u) => u.username);

console.log(`Fake Discord is listening (REST, gateway and CDN on one port).

In the terminal that runs the bot:

export DISCORD_TOKEN=${fake.botToken}
export DISCORD_API_URL=${fake.restUrl}
export ${CDN_HOST_ENV}=${fake.cdnHost}

Then register the bot's slash commands here (once per start of this fake): npx bedrock-bot commands deploy

${shards === undefined ? "" : `GET /gateway/bot recommends ${shards} shard(s); the server's events go to shard ${shardOfGuild(guild.id, shards)}, DMs to shard 0.\n`}Server "${guild.name}" with ${channels.join(" ")}; users ${users.join(", ")}; the bot is "${fake.botUser.username}" (@bot).
Type .help for what you can do. You are ${session.whereabouts}.`);

const printActivity = watchBotActivity({
  fake,
  print: (line) => console.log(line),
  violationsOnly: values.quiet,
  ...(values["save-dir"] === undefined ? {} : { saveDir: resolveUserPath(values["save-dir"]) }),
});
const printer = setInterval(printActivity, PRINT_POLL_MS);

const input = createInterface({ input: process.stdin });
input.on("line", (line) => {
  try {
    session.run(parseConsoleLine(line));
  } catch (error) {
    console.log(`! ${(error as Error).message}`);
  }
  // What the bot did at once (an error, a fast reply) shows right under the line that caused it.
  printActivity();
});

const stop = (): void => {
  clearInterval(printer);
  input.close();
  void fake.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
