/**
 * The plugin: `attachBedrock(client, context)` adds Bedrock chat to an existing discord.js `Client` by registering
 * its listeners; `detach()` removes exactly those. (First cut: listeners only; the chat flow follows.)
 */
import { Events, type Client, type Interaction, type Message } from "discord.js";
import type { BotContext } from "./bot-context.ts";

/** What `attachBedrock` returns: the handle that undoes it. */
export interface BedrockPluginHandle {
  /** Removes the plugin's listeners; in-flight answers are finished or marked stopped. */
  detach(): Promise<void>;
}

export interface AttachBedrockOptions {
  /** Whether the client has the privileged MESSAGE_CONTENT intent; default: read from the client's intents. */
  hasMessageContentIntent?: boolean;
}

export function attachBedrock(client: Client, context: BotContext, _options: AttachBedrockOptions = {}): Promise<BedrockPluginHandle> {
  const onMessage = (message: Message) => {
    context.logger.debug({ messageId: message.id }, "message received");
  };
  const onInteraction = (interaction: Interaction) => {
    context.logger.debug({ interactionId: interaction.id }, "interaction received");
  };
  client.on(Events.MessageCreate, onMessage);
  client.on(Events.InteractionCreate, onInteraction);
  return Promise.resolve({
    detach() {
      client.off(Events.MessageCreate, onMessage);
      client.off(Events.InteractionCreate, onInteraction);
      return Promise.resolve();
    },
  });
}
