/**
 * Keys a test left in the local redis, found by the test's own key prefix: never "everything created since the
 * start", which would take the keys of another suite running beside this one.
 */
import { createClient } from "@keyv/redis";

export const REDIS_URL = "redis://127.0.0.1:6379";

/** The keys matching `pattern` (a redis KEYS glob) in the database at `url`; deleted too when `remove`. */
async function keysMatching(url: string, pattern: string, remove: boolean): Promise<string[]> {
  const client = createClient({ url });
  await client.connect();
  try {
    const keys = await client.keys(pattern);
    if (remove && keys.length > 0) await client.del(keys);
    return keys;
  } finally {
    await client.quit();
  }
}

export function redisKeys(pattern: string, url = REDIS_URL): Promise<string[]> {
  return keysMatching(url, pattern, false);
}

export async function deleteRedisKeys(pattern: string, url = REDIS_URL): Promise<void> {
  await keysMatching(url, pattern, true);
}
