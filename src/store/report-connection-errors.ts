/**
 * ioredis reports a lost connection as "error" events, one per reconnect attempt (it keeps retrying on its own), and
 * prints them to stderr when nobody listens. One report per outage is what a log needs: the first error after the
 * connection was ready (or since it was opened), then nothing until it is ready again.
 */
import type { Redis } from "ioredis";

export function reportConnectionErrors(connection: Redis, report: (error: unknown) => void): void {
  let reported = false;
  connection.on("ready", () => {
    reported = false;
  });
  connection.on("error", (error: unknown) => {
    if (reported) return;
    reported = true;
    report(error);
  });
}
