import { afterEach, describe, expect, it } from "vitest";
import type { ChatSettings } from "../../src/store/chat-settings.ts";
import { CHAT_SETTINGS_NAMESPACE } from "../../src/store/keyv-chat-settings-repository.ts";
import { KeyvRepository } from "../../src/store/keyv-repository.ts";
import { openChatSettingsRepository } from "../../src/store/open-chat-settings.ts";
import { openKeyv } from "../../src/store/open-keyv.ts";
import { chatSettingsHashKey } from "../../src/store/redis-chat-settings-repository.ts";
import { redisKeys } from "../e2e/redis-keys.ts";
import { STORE_BACKENDS, type StorePlace } from "./store-places.ts";

/**
 * The repository stores whatever fields a patch names; 50 distinct ones per instance make a lost update visible
 * (ChatSettings has ten fields).
 */
function oneField(instance: string, index: number): ChatSettings {
  return { [`${instance}${index}`]: index };
}

const UPDATES = 50;

describe.each(STORE_BACKENDS)("chat settings repository on $name", (backend) => {
  const places: StorePlace[] = [];

  afterEach(async () => {
    await Promise.all(places.splice(0).map((place) => place.dispose()));
  });

  async function place() {
    const created = await backend.createPlace("chat-settings");
    places.push(created);
    return { place: created, namespace: created.prefix + CHAT_SETTINGS_NAMESPACE };
  }

  it("GIVEN two instances (two connections) WHEN each makes 50 concurrent changes of different fields of one channel THEN every field is there", async () => {
    const { place: shared, namespace } = await place();
    const a = shared.keep(openChatSettingsRepository(shared.url, namespace));
    const b = shared.keep(openChatSettingsRepository(shared.url, namespace));

    await Promise.all(
      Array.from({ length: UPDATES }, (_, index) => [a.updateChannel("c1", oneField("a", index)), b.updateChannel("c1", oneField("b", index))]).flat(),
    );

    const expected = Object.fromEntries(["a", "b"].flatMap((instance) => Array.from({ length: UPDATES }, (_, index) => [`${instance}${index}`, index])));
    expect(await a.getChannel("c1")).toEqual(expected);
    expect(await b.getChannel("c1")).toEqual(expected);
  });

  it("GIVEN settings WHEN fields are set and cleared THEN the update returns the place's settings, the other places untouched", async () => {
    const { place: shared, namespace } = await place();
    const settings = shared.keep(openChatSettingsRepository(shared.url, namespace));
    await settings.updateGuild("g1", { systemPrompt: ":starts with a colon", mcpServers: { web: true, files: false } });
    await settings.updateChannel("g1", { model: "nova-lite", temperature: 0.7 });

    const updated = await settings.updateChannel("g1", { model: "claude", temperature: undefined, citations: false });

    expect(updated).toEqual({ model: "claude", citations: false });
    expect(await settings.getChannel("g1")).toEqual(updated);
    expect(await settings.getGuild("g1")).toEqual({ systemPrompt: ":starts with a colon", mcpServers: { web: true, files: false } });
    expect(await settings.getGuild("unknown")).toBeUndefined();
  });

  if (backend.name === "redis") {
    /** A place as the previous version wrote it: one keyv value. */
    async function writeLegacy(shared: StorePlace, namespace: string, key: string, value: ChatSettings): Promise<void> {
      const legacy = new KeyvRepository<ChatSettings>(openKeyv<ChatSettings>(shared.url, namespace));
      await legacy.put(key, value);
      await legacy.close();
    }

    const legacyValue: ChatSettings = { model: "nova-pro", systemPrompt: ":colon first", mcpServers: { web: true }, updatedBy: "u1" };

    it("GIVEN a channel stored by the previous version (one keyv value) THEN read as it was; the next update moves it into the hash", async () => {
      const { place: shared, namespace } = await place();
      await writeLegacy(shared, namespace, "channel:c1", legacyValue);
      const settings = shared.keep(openChatSettingsRepository(shared.url, namespace));

      expect(await settings.getChannel("c1")).toEqual(legacyValue);
      const updated = await settings.updateChannel("c1", { model: "claude", systemPrompt: undefined, temperature: 0.2 });

      expect(updated).toEqual({ model: "claude", mcpServers: { web: true }, updatedBy: "u1", temperature: 0.2 });
      expect(await settings.getChannel("c1")).toEqual(updated);
      // The old value is gone: only the hash (and no keyv key) is left under the prefix.
      expect(await redisKeys(`${shared.prefix}*`)).toEqual([chatSettingsHashKey(namespace, "channel:c1")]);
    });

    it("GIVEN a legacy channel WHEN two instances make 50 concurrent changes each THEN the old fields are moved once, every change is there", async () => {
      const { place: shared, namespace } = await place();
      await writeLegacy(shared, namespace, "channel:c1", legacyValue);
      const a = shared.keep(openChatSettingsRepository(shared.url, namespace));
      const b = shared.keep(openChatSettingsRepository(shared.url, namespace));

      // The first changes overwrite two of the old fields: moving the old value later must not bring them back.
      await Promise.all([a.updateChannel("c1", { model: "claude" }), b.updateChannel("c1", { updatedBy: undefined })]);
      await Promise.all(
        Array.from({ length: UPDATES }, (_, index) => [a.updateChannel("c1", oneField("a", index)), b.updateChannel("c1", oneField("b", index))]).flat(),
      );

      const changes = Object.fromEntries(["a", "b"].flatMap((instance) => Array.from({ length: UPDATES }, (_, index) => [`${instance}${index}`, index])));
      expect(await a.getChannel("c1")).toEqual({ model: "claude", systemPrompt: ":colon first", mcpServers: { web: true }, ...changes });
    });
  }
});
