/**
 * Closes an ioredis connection without waiting on an unreachable server: QUIT (letting commands already sent finish)
 * when it is connected, else a plain disconnect, which also stops its reconnect attempts.
 */
import type { Redis } from "ioredis";

export async function closeRedisConnection(connection: Redis): Promise<void> {
  if (connection.status !== "ready") {
    connection.disconnect();
    return;
  }
  await connection.quit().then(
    () => undefined,
    () => connection.disconnect(),
  );
}
