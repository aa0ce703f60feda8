import { describe, expect, it } from "vitest";
import { describeMessage, formatBytes } from "./describe-message.ts";

const BASE = { where: "#general", messageId: "1290000000000000001", change: "posted" as const, content: "", embeds: [], components: [], flags: 0, files: [] };

describe("describeMessage", () => {
  it("GIVEN an answer with buttons WHEN described THEN a header, then content lines and the button labels, indented", () => {
    const lines = describeMessage({
      ...BASE,
      content: "echo: hi\n-# nova-lite",
      components: [{ type: 1, components: [{ type: 2, style: 2, label: "Retry", custom_id: "r" }, { type: 2, style: 2, label: "Stop", custom_id: "s", disabled: true }] }],
    });

    expect(lines).toEqual(["[#general] bot posted 1290000000000000001:", "    echo: hi", "    -# nova-lite", "    [Retry] [Stop (disabled)]"]);
  });

  it("GIVEN a notice with an embed and files WHEN described THEN embed lines are marked and files show name, size and where saved", () => {
    const lines = describeMessage({
      ...BASE,
      change: "edited",
      embeds: [{ title: "✅ Batch job completed", fields: [{ name: "State", value: "completed" }], footer: { text: "job j-1" } }],
      files: [{ filename: "results.csv", bytes: 2048, savedTo: "/tmp/out/1-results.csv" }],
    });

    expect(lines).toEqual([
      "[#general] bot edited 1290000000000000001:",
      "    ┃ ✅ Batch job completed",
      "    ┃ State: completed",
      "    ┃ job j-1",
      "    📎 results.csv (2.0 KiB) saved to /tmp/out/1-results.csv",
    ]);
  });

  it("GIVEN an ephemeral deferred reply WHEN described THEN it says who sees it and that the bot is thinking", () => {
    expect(describeMessage({ ...BASE, flags: 64 | 128, onlyFor: "bob" })).toEqual(["[#general] bot posted 1290000000000000001 (only bob sees it):", "    (thinking…)"]);
  });

  it("GIVEN a text renderer WHEN described THEN content and embeds go through it", () => {
    const lines = describeMessage({ ...BASE, content: "<@1>", embeds: [{ description: "<@1>" }] }, (text) => text.replace("<@1>", "@alice"));

    expect(lines.slice(1)).toEqual(["    @alice", "    ┃ @alice"]);
  });

  it("GIVEN sizes WHEN formatted THEN bytes, KiB and MiB as Discord shows them", () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(3 * 1024 * 1024)]).toEqual(["512 B", "1.5 KiB", "3.0 MiB"]);
  });
});
