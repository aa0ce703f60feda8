/** `current_time`: the date and time now, in any IANA time zone. Models do not know what day it is. */
import { z } from "zod";
import { defineTool } from "../tool-registry.ts";

/** True for names `Intl` accepts as a time zone (`Europe/Paris`, `America/New_York`, `UTC`). */
export function isValidTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const inputSchema = z.object({
  timezone: z
    .string()
    .refine(isValidTimeZone, "an IANA time zone name such as Europe/Paris, America/New_York or UTC")
    .default("UTC")
    .describe("IANA time zone name, e.g. Europe/Paris. Defaults to UTC."),
});

export interface CurrentTime {
  timezone: string;
  /** Local time with its offset: `2026-03-03T14:05:09+01:00`. */
  local: string;
  /** `2026-03-03T13:05:09.000Z`. */
  utc: string;
  weekday: string;
  /** `+01:00`. */
  utcOffset: string;
}

/** `now` is injected so tests (and replays) are deterministic. */
export function currentTimeIn(timezone: string, now: Date): CurrentTime {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    weekday: "long",
    timeZoneName: "longOffset",
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "";
  // longOffset is "GMT+01:00", or just "GMT" at offset zero.
  const utcOffset = part("timeZoneName").replace(/^GMT/, "") || "+00:00";
  return {
    timezone,
    local: `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}:${part("second")}${utcOffset}`,
    utc: now.toISOString(),
    weekday: part("weekday"),
    utcOffset,
  };
}

export function createCurrentTimeTool(deps: { now: () => Date }) {
  return defineTool({
    name: "current_time",
    description: "Returns the current date, time, weekday and UTC offset in a given IANA time zone (default UTC).",
    inputSchema,
    run: ({ timezone }) => currentTimeIn(timezone, deps.now()),
  });
}
