/** For e2e tests on the local redis: clean up after them without touching what was there before. */
import { createClient } from "@keyv/redis";

/** Deletes, when called, the keys of the redis database at `url` that were not there before. */
export async function redisKeysCreatedFromNow(url: string): Promise<() => Promise<void>> {
  const client = createClient({ url });
  await client.connect();
  const before = new Set(await client.keys("*"));
  return async () => {
    const created = (await client.keys("*")).filter((key) => !before.has(key));
    if (created.length > 0) await client.del(created);
    await client.quit();
  };
}
