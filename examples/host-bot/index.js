// A host bot with bedrock-discord-bot as a plugin.
//
// The host owns: the discord.js Client and its intents, the login, its own /ping command and "Again" button, the
// deploy of every command of the application, and shutdown.
// The plugin owns: answers to mentions, replies to the bot, DMs and its threads; /chat /model /system /usage /batch,
// the "Add to batch" message menu, and buttons whose custom ids start with `bdb:` or `bdbatch:`. Every other
// interaction is left to the host, and the host leaves the plugin's alone.
//
// Env: DISCORD_TOKEN, DISCORD_GUILD_ID (where commands are deployed), BEDROCK_CONFIG (the plugin's TOML config,
// default model_config.toml); optional BEDROCK_STORE_URL / BEDROCK_STORE_PREFIX (where the plugin keeps settings,
// usage and jobs, default the config's [storage] url) and DISCORD_API_URL (another Discord API base, e.g. a fake).
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, Client, Events, GatewayIntentBits, Partials, SlashCommandBuilder } from "discord.js";
import { createBedrockPlugin } from "bedrock-discord-bot";

const { DISCORD_TOKEN, DISCORD_GUILD_ID, DISCORD_API_URL, BEDROCK_CONFIG = "model_config.toml", BEDROCK_STORE_URL, BEDROCK_STORE_PREFIX } = process.env;
if (!DISCORD_TOKEN || !DISCORD_GUILD_ID) {
  console.error("Set DISCORD_TOKEN and DISCORD_GUILD_ID (see README.md).");
  process.exit(1);
}

// Host: the client. No privileged Message Content intent: the plugin still reads messages that mention the bot,
// replies to it and DMs. DM channels arrive uncached, hence the Channel partial.
const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
  partials: [Partials.Channel],
  ...(DISCORD_API_URL ? { rest: { api: DISCORD_API_URL } } : {}),
});

// Plugin: loads and validates its config now, so a bad file stops the host before it logs in.
const plugin = await createBedrockPlugin({
  config: BEDROCK_CONFIG,
  ...(BEDROCK_STORE_URL ? { store: { url: BEDROCK_STORE_URL, prefix: BEDROCK_STORE_PREFIX ?? "" } } : {}),
});

// Host: its own command and button.
const ping = new SlashCommandBuilder().setName("ping").setDescription("Is the host bot there?");
const AGAIN = "host:again";
const againRow = () => new ActionRowBuilder().addComponents(new ButtonBuilder().setCustomId(AGAIN).setLabel("Again").setStyle(ButtonStyle.Secondary));

client.on(Events.InteractionCreate, (interaction) => {
  // Only the host's own names and ids: the plugin answers its commands and buttons on a listener of its own.
  let answer;
  if (interaction.isChatInputCommand() && interaction.commandName === "ping") {
    answer = interaction.reply({ content: "pong", components: [againRow()] });
  } else if (interaction.isButton() && interaction.customId === AGAIN) {
    answer = interaction.update({ content: `pong again (${new Date().toISOString()})`, components: [againRow()] });
  }
  answer?.catch((error) => console.error("host: answering an interaction failed", error));
});

// Deploy once ready: one bulk overwrite holding every command this application has in the guild, the host's and the
// plugin's (deploying only one of the two sets would delete the other).
client.once(Events.ClientReady, async (ready) => {
  try {
    await ready.application.commands.set([ping.toJSON(), ...plugin.commands], DISCORD_GUILD_ID);
    console.log(`ready as ${ready.user.tag}: /ping and ${plugin.commands.length} Bedrock commands deployed`);
  } catch (error) {
    console.error("host: deploying commands failed", error);
  }
});

// Shutdown: the plugin first (its listeners off, answers in flight end "Stopped", its store and Bedrock clients
// closed), then the host's own connection.
let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  plugin
    .detach()
    .then(() => client.destroy())
    .then(
      () => process.exit(0),
      (error) => {
        console.error("host: shutdown failed", error);
        process.exit(1);
      },
    );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

// Attach before login, so nothing that arrives once connected is missed.
await plugin.attach(client);
await client.login(DISCORD_TOKEN);
