import { afterEach, describe, expect, it } from "vitest";
import type { Pipeline } from "../../../../src/bedrock/batch/pipeline/pipeline.ts";
import { openPipelineStore, type PipelineStore } from "../../../../src/bedrock/batch/pipeline/pipeline-store.ts";
import { STORE_BACKENDS, type StorePlace } from "../../../store/store-places.ts";

const pipelineOf = (id: string, createdAt: string): Pipeline => ({
  id,
  state: "running",
  owner: { userId: "1", channelId: "2" },
  stages: [{ template: "Check: {output}" }],
  runs: [{ submissionId: id, model: "nova-lite" }],
  createdAt,
  updatedAt: createdAt,
});

describe.each(STORE_BACKENDS)("PipelineStore on $name", (backend) => {
  let place: StorePlace;
  const storeAt = async (): Promise<PipelineStore> => {
    place = await backend.createPlace("pipelines");
    return place.keep(openPipelineStore(place.url, place.prefix));
  };
  afterEach(async () => {
    await place.dispose();
  });

  it("GIVEN running pipelines WHEN one ends THEN running() lists the others oldest first, and the ended one is still readable", async () => {
    const store = await storeAt();
    const [older, newer, ended] = [pipelineOf("b", "2026-12-01T10:00:00.000Z"), pipelineOf("a", "2026-12-01T11:00:00.000Z"), pipelineOf("c", "2026-12-01T09:00:00.000Z")];
    for (const pipeline of [newer, older, ended]) await store.save(pipeline);
    expect((await store.running()).map((pipeline) => pipeline.id)).toEqual(["c", "b", "a"]);
    await store.save({ ...ended, state: "notified" });
    expect((await store.running()).map((pipeline) => pipeline.id)).toEqual(["b", "a"]);
    expect((await store.get("c"))?.state).toBe("notified");
    const moved = { ...older, runs: [...older.runs, { submissionId: "b-s2", model: "nova-lite", inputIds: ["R000000001"] }] };
    await store.save(moved);
    expect(await store.get("b")).toEqual(moved);
  });
});
