/**
 * `ChatSettingsRepository` on redis, for several bot processes at once: one hash per place,
 * `<namespace>:fields:channel:<id>` / `<namespace>:fields:guild:<id>`, a field per setting, each value JSON. An
 * update is one script on the keyv adapter's own connection (like the leases and the spend counter): HSET of the
 * fields it sets, HDEL of those it clears, then the whole hash back. Two `/model` and `/system` changes of one channel
 * from two processes at the same moment therefore both land; only two changes of the same field are last-wins.
 *
 * The previous version kept each place as one keyv value (the whole `ChatSettings`, read, merged and written back,
 * which lost one of two concurrent changes). Such a value is still read while the place has no hash, and moved into
 * the hash by the place's next update, in the same script (its fields first, without overwriting any the hash has).
 */
import type KeyvRedis from "@keyv/redis";
import type { ChatSettings, ChatSettingsRepository } from "./chat-settings.ts";
import type { KeyvRepository } from "./keyv-repository.ts";

/** The hash of a place (for `redis-cli` and tests). */
export function chatSettingsHashKey(namespace: string, key: string): string {
  return `${namespace}:fields:${key}`;
}

/**
 * Where keyv kept a place's value: keyv prefixes the key with its namespace (`<namespace>:<key>`), and the redis
 * adapter prefixes that with its own (`<namespace>::`).
 */
function legacyKey(namespace: string, key: string): string {
  return `${namespace}::${namespace}:${key}`;
}

/**
 * KEYS: the hash, the legacy value. ARGV: "1" if the caller read a legacy value (then its fields, as field/value
 * pairs, up to "--"), the fields to set (pairs, up to "--"), then the fields to clear. A legacy value the caller did
 * not see (written meanwhile by a process of the previous version) is not deleted unread: the reply is `false` and
 * the caller reads it and tries again; one it saw but someone else moved meanwhile is not moved twice.
 */
const UPDATE_SCRIPT = `local i = 2
local legacy = {}
while ARGV[i] ~= "--" do legacy[#legacy + 1] = ARGV[i]; i = i + 1 end
i = i + 1
if redis.call("EXISTS", KEYS[2]) == 1 then
  if ARGV[1] ~= "1" then return false end
  for n = 1, #legacy, 2 do redis.call("HSETNX", KEYS[1], legacy[n], legacy[n + 1]) end
  redis.call("DEL", KEYS[2])
end
while ARGV[i] ~= "--" do redis.call("HSET", KEYS[1], ARGV[i], ARGV[i + 1]); i = i + 2 end
i = i + 1
while i <= #ARGV do redis.call("HDEL", KEYS[1], ARGV[i]); i = i + 1 end
return redis.call("HGETALL", KEYS[1])`;

/** A writer of the previous version could in theory keep re-creating its value; past this, something is wrong. */
const MAX_TRIES = 5;

export class RedisChatSettingsRepository implements ChatSettingsRepository {
  readonly #adapter: KeyvRedis<unknown>;
  readonly #legacy: KeyvRepository<ChatSettings>;
  readonly #namespace: string;

  /** `legacy`: the keyv namespace the previous version wrote (same `namespace`), read through keyv's own decoding. */
  constructor(adapter: KeyvRedis<unknown>, legacy: KeyvRepository<ChatSettings>, namespace: string) {
    this.#adapter = adapter;
    this.#legacy = legacy;
    this.#namespace = namespace;
  }

  getChannel(channelId: string): Promise<ChatSettings | undefined> {
    return this.#get(`channel:${channelId}`);
  }

  getGuild(guildId: string): Promise<ChatSettings | undefined> {
    return this.#get(`guild:${guildId}`);
  }

  updateChannel(channelId: string, patch: ChatSettings): Promise<ChatSettings> {
    return this.#update(`channel:${channelId}`, patch);
  }

  updateGuild(guildId: string, patch: ChatSettings): Promise<ChatSettings> {
    return this.#update(`guild:${guildId}`, patch);
  }

  async #get(key: string): Promise<ChatSettings | undefined> {
    const client = await this.#adapter.getClient();
    const hashKey = chatSettingsHashKey(this.#namespace, key);
    const fields = await client.hGetAll(hashKey);
    if (Object.keys(fields).length > 0) return decodeFields(fields);
    const legacy = await this.#legacy.get(key);
    if (legacy !== undefined) return legacy;
    // Gone between the two reads: an update moved it into the hash just then.
    const moved = await client.hGetAll(hashKey);
    return Object.keys(moved).length > 0 ? decodeFields(moved) : undefined;
  }

  async #update(key: string, patch: ChatSettings): Promise<ChatSettings> {
    const client = await this.#adapter.getClient();
    const entries = Object.entries(patch);
    const set = entries.flatMap(([field, value]) => (value === undefined ? [] : [field, JSON.stringify(value)]));
    const cleared = entries.flatMap(([field, value]) => (value === undefined ? [field] : []));
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const legacy = await this.#legacy.get(key);
      const legacyArguments = legacy === undefined ? ["0"] : ["1", ...Object.entries(legacy).flatMap(([field, value]) => (value === undefined ? [] : [field, JSON.stringify(value)]))];
      const reply = await client.eval(UPDATE_SCRIPT, {
        keys: [chatSettingsHashKey(this.#namespace, key), legacyKey(this.#namespace, key)],
        arguments: [...legacyArguments, "--", ...set, "--", ...cleared],
      });
      if (Array.isArray(reply)) return decodeFields(pairsToRecord(reply as string[]));
    }
    throw new Error(`chat settings "${key}": a value of the previous version kept reappearing; is an older bot still writing to this store?`);
  }
}

function pairsToRecord(pairs: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let index = 0; index + 1 < pairs.length; index += 2) record[pairs[index] as string] = pairs[index + 1] as string;
  return record;
}

function decodeFields(fields: Record<string, string>): ChatSettings {
  return Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, JSON.parse(value) as unknown]));
}
