/**
 * The chat settings repository of a store: on redis the hash per place (`RedisChatSettingsRepository`, atomic
 * updates for several processes; it still reads, and moves, values of the previous version), on sqlite the keyv
 * value per place (`KeyvChatSettingsRepository`, updates chained within the process).
 */
import type { ChatSettings, ChatSettingsRepository } from "./chat-settings.ts";
import { KeyvChatSettingsRepository } from "./keyv-chat-settings-repository.ts";
import { KeyvRepository } from "./keyv-repository.ts";
import { openKeyv, storeBackend, withAtomicBackend } from "./open-keyv.ts";
import { RedisChatSettingsRepository } from "./redis-chat-settings-repository.ts";

export type ClosableChatSettingsRepository = ChatSettingsRepository & { close(): Promise<void> };

/** `namespace`: the `[storage] prefix` and `chat-settings`. */
export function openChatSettingsRepository(url: string, namespace: string): ClosableChatSettingsRepository {
  const values = new KeyvRepository<ChatSettings>(openKeyv<ChatSettings>(url, namespace));
  if (storeBackend(url) === "sqlite") return withClose(new KeyvChatSettingsRepository(values, `${url}\n${namespace}`), () => values.close());
  const atomic = withAtomicBackend(url, namespace, {
    sqlite: () => {
      throw new Error("unreachable: a sqlite store keeps settings in keyv values");
    },
    redis: (adapter) => ({ repository: new RedisChatSettingsRepository(adapter, values, namespace) }),
  });
  return withClose(atomic.repository, async () => {
    await Promise.all([values.close(), atomic.close()]);
  });
}

function withClose(repository: ChatSettingsRepository, close: () => Promise<void>): ClosableChatSettingsRepository {
  return {
    getChannel: (channelId) => repository.getChannel(channelId),
    getGuild: (guildId) => repository.getGuild(guildId),
    updateChannel: (channelId, patch) => repository.updateChannel(channelId, patch),
    updateGuild: (guildId, patch) => repository.updateGuild(guildId, patch),
    close,
  };
}
