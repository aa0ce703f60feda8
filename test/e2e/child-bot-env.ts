/**
 * The environment of a `bedrock-bot` child process (the built CLI) run by a test against the fake Discord: its token
 * and REST url, a HOME of the test's own, no lookups of EC2 instance metadata for credentials and no Node-support
 * notice from the AWS SDK (neither is what the tests look at), and nothing else of the test process's environment.
 */
import type { FakeDiscord } from "../fakes/discord/index.ts";

export function childBotEnv(discord: FakeDiscord, home: string, options: { configPath?: string; logLevel: "info" | "debug" }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    ...(options.configPath === undefined ? {} : { BEDROCK_BOT_CONFIG: options.configPath }),
    DISCORD_TOKEN: discord.botToken,
    DISCORD_API_URL: discord.restUrl,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    LOG_LEVEL: options.logLevel,
  };
}
