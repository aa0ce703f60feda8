import { describe, expect, it } from "vitest";
import { createCurrentTimeTool, currentTimeIn, isValidTimeZone } from "../../../../src/bedrock/tools/builtin/current-time.ts";
import { ToolRegistry } from "../../../../src/bedrock/tools/tool-registry.ts";

const now = new Date("2026-03-03T13:05:09.000Z");

describe("currentTimeIn", () => {
  it("GIVEN Europe/Paris in winter WHEN asked THEN local time carries +01:00", () => {
    expect(currentTimeIn("Europe/Paris", now)).toEqual({
      timezone: "Europe/Paris",
      local: "2026-03-03T14:05:09+01:00",
      utc: "2026-03-03T13:05:09.000Z",
      weekday: "Tuesday",
      utcOffset: "+01:00",
    });
  });

  it("GIVEN UTC WHEN asked THEN the offset is +00:00", () => {
    expect(currentTimeIn("UTC", now).local).toEqual("2026-03-03T13:05:09+00:00");
  });

  it("GIVEN a half-hour zone across midnight WHEN asked THEN the local date moves", () => {
    expect(currentTimeIn("Asia/Kolkata", new Date("2026-03-03T20:00:00Z")).local).toEqual("2026-03-04T01:30:00+05:30");
  });
});

describe("current_time tool", () => {
  const registry = new ToolRegistry([createCurrentTimeTool({ now: () => now })]);

  it("GIVEN no timezone WHEN run THEN UTC", async () => {
    const run = await registry.run({ toolUseId: "t", name: "current_time", input: {} });

    expect(run.result.content).toEqual([
      { json: { timezone: "UTC", local: "2026-03-03T13:05:09+00:00", utc: "2026-03-03T13:05:09.000Z", weekday: "Tuesday", utcOffset: "+00:00" } },
    ]);
  });

  it("GIVEN a made-up timezone WHEN run THEN an error result asks for an IANA name", async () => {
    const run = await registry.run({ toolUseId: "t", name: "current_time", input: { timezone: "Mars/Olympus" } });

    expect(run.status).toEqual("error");
    expect(run.output).toContain("an IANA time zone name such as Europe/Paris");
  });

  it("GIVEN names WHEN validated THEN only real zones pass", () => {
    expect([isValidTimeZone("America/New_York"), isValidTimeZone("UTC"), isValidTimeZone("Nowhere/City")]).toEqual([true, true, false]);
  });
});
