/** The keys a host run left in the local redis, found by the run's own key prefix (so other suites' keys are safe). */
import { createClient } from "@keyv/redis";

export const REDIS_URL = "redis://127.0.0.1:6379";

/** The keys matching `pattern` (a redis KEYS glob); deleted too when `remove`. */
async function keysMatching(pattern: string, remove: boolean): Promise<string[]> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const keys = await client.keys(pattern);
    if (remove && keys.length > 0) await client.del(keys);
    return keys;
  } finally {
    await client.quit();
  }
}

export function redisKeys(pattern: string): Promise<string[]> {
  return keysMatching(pattern, false);
}

export async function deleteRedisKeys(pattern: string): Promise<void> {
  await keysMatching(pattern, true);
}
