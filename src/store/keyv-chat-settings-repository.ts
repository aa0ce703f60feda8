/**
 * `ChatSettingsRepository` on keyv, for a sqlite store (one bot process): one namespace (`chat-settings`), keys
 * `channel:<id>` and `guild:<id>`, each value the whole `ChatSettings` of that place. An update reads, merges and
 * writes back, so updates of one place run one at a time: in a chain per place shared by every repository of this
 * process on the same store (`scope`), not per repository, so two plugins (or a plugin and the CLI's code) of one
 * process opening the same file lose nothing either. Several processes on one store need redis
 * (`RedisChatSettingsRepository`, whose updates are atomic there).
 */
import type { ChatSettings, ChatSettingsRepository } from "./chat-settings.ts";
import type { KeyvRepository } from "./keyv-repository.ts";
import { createRunPerKey } from "./run-per-key.ts";

export const CHAT_SETTINGS_NAMESPACE = "chat-settings";

/** One chain per place per store, for the whole process. */
const runPerPlace = createRunPerKey();

export class KeyvChatSettingsRepository implements ChatSettingsRepository {
  readonly #store: KeyvRepository<ChatSettings>;
  readonly #scope: string;

  /** `scope` names the store and namespace (e.g. url and namespace): repositories with the same scope share chains. */
  constructor(store: KeyvRepository<ChatSettings>, scope: string) {
    this.#store = store;
    this.#scope = scope;
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
    return runPerPlace(`${this.#scope}\n${key}`, async () => {
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
