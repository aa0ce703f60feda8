/**
 * A TypeScript host of the plugin, typed end to end through the package's public entry points: the config loaded
 * by the host itself, a store location of its own, features picked, a tool of its own, the plugin's commands in its
 * own deploy. The consumer test compiles it with ./tsconfig.json and runs it against the fakes.
 */
import { Client, Events, GatewayIntentBits } from "discord.js";
import { z } from "zod";
import { createBedrockPlugin, type BedrockFeatures, type BedrockPlugin, type BedrockPluginOptions, type StoreLocation } from "bedrock-discord-bot";
import { loadConfig, type LoadedConfig } from "bedrock-discord-bot/config";
import { defineTool, type Tool } from "bedrock-discord-bot/bedrock";

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
}

const config: LoadedConfig = await loadConfig(required("BEDROCK_CONFIG"));
const store: StoreLocation = { url: required("BEDROCK_STORE_URL"), prefix: required("BEDROCK_STORE_PREFIX") };
// Chat only: /model, /system and /usage stay undeployed and unanswered.
const features: Partial<BedrockFeatures> = { chat: true, commands: false };
const rollDie: Tool = defineTool({
  name: "roll_die",
  description: "Rolls a die with the given number of sides.",
  inputSchema: z.object({ sides: z.number().int().min(2) }),
  run: ({ sides }) => 1 + Math.floor(Math.random() * sides),
});
const options: BedrockPluginOptions = { config, store, features, tools: [rollDie] };
// Declarations that resolved to `any` would accept this; the expected error shows they are real types.
// @ts-expect-error a feature switch is a boolean
const _notAny: BedrockPluginOptions["features"] = { chat: "yes" };

const plugin: BedrockPlugin = await createBedrockPlugin(options);
const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages], rest: { api: required("DISCORD_API_URL") } });

client.once(Events.ClientReady, (ready) => {
  ready.application.commands.set(plugin.commands, required("DISCORD_GUILD_ID")).then(
    (deployed) => console.log(`ready: ${[...deployed.values()].map((command) => `/${command.name}`).join(" ")} (chat ${String(plugin.features.chat)})`),
    (error: unknown) => console.error("deploy failed", error),
  );
});

async function shutdown(): Promise<void> {
  await plugin.detach();
  await client.destroy();
}

process.once("SIGTERM", () => {
  shutdown().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error("shutdown failed", error);
      process.exit(1);
    },
  );
});

await plugin.attach(client);
await client.login(required("DISCORD_TOKEN"));
