/**
 * `ChatSettingsRepository` on keyv: one namespace (`chat-settings`), keys `channel:<id>` and `guild:<id>`, each value
 * the whole `ChatSettings` of that place. Updates merge into the stored value, one at a time per key in this process;
 * two bot instances on one redis changing the same channel in the same moment may lose one of the two changes.
 */
import type { ChatSettings, ChatSettingsRepository } from "./chat-settings.ts";
import type { KeyvRepository } from "./keyv-repository.ts";
import { createRunPerKey } from "./run-per-key.ts";

export const CHAT_SETTINGS_NAMESPACE = "chat-settings";

export class KeyvChatSettingsRepository implements ChatSettingsRepository {
  readonly #store: KeyvRepository<ChatSettings>;
  readonly #runPerKey = createRunPerKey();

  constructor(store: KeyvRepository<ChatSettings>) {
    this.#store = store;
  }

  getChannel(channelId: string): Promise<ChatSettings | undefined> {
    return this.#store.get(`channel:${channelId}`);
  }

  getGuild(guildId: string): Promise<ChatSettings | undefined> {
    return this.#store.get(`guild:${guildId}`);
  }

  updateChannel(channelId: string, patch: ChatSettings): Promise<ChatSettings> {
    return this.#update(`channel:${channelId}`, patch);
  }

  updateGuild(guildId: string, patch: ChatSettings): Promise<ChatSettings> {
    return this.#update(`guild:${guildId}`, patch);
  }

  #update(key: string, patch: ChatSettings): Promise<ChatSettings> {
    return this.#runPerKey(key, async () => {
      const merged = mergeChatSettings(await this.#store.get(key), patch);
      await this.#store.put(key, merged);
      return merged;
    });
  }
}

/** `patch` over `current`; a key present in `patch` with the value `undefined` removes the field. */
function mergeChatSettings(current: ChatSettings | undefined, patch: ChatSettings): ChatSettings {
  const entries = Object.entries({ ...current, ...patch }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries);
}
