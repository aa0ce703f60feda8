import { afterEach, describe, expect, it, vi } from "vitest";
import { IndexedRepository } from "../../src/store/indexed-repository.ts";
import { KeyvRepository } from "../../src/store/keyv-repository.ts";
import { openKeyv } from "../../src/store/open-keyv.ts";
import { openScoredIndex, type ScoredIndex } from "../../src/store/scored-index.ts";
import { STORE_BACKENDS, type StorePlace } from "./store-places.ts";

interface Row {
  id: string;
  at: number;
}

const NAMESPACE = "rows";
const INDEX = "rows-index";
const row = (id: string, at: number): Row => ({ id, at });

describe.each(STORE_BACKENDS)("IndexedRepository on $name", (backend) => {
  let place: StorePlace;
  afterEach(async () => {
    await place.dispose();
  });

  /** What a process sees without the repository: the raw rows and the raw index. */
  const rawRows = () => place.keep(new KeyvRepository<Row>(openKeyv<Row>(place.url, place.prefix + NAMESPACE)));
  const rawIndex = (): ScoredIndex => place.keep(openScoredIndex(place.url, place.prefix + INDEX));
  /** A process's repository: connections of its own. */
  const open = () =>
    place.keep(
      new IndexedRepository<Row>({
        rows: new KeyvRepository<Row>(openKeyv<Row>(place.url, place.prefix + NAMESPACE)),
        index: openScoredIndex(place.url, place.prefix + INDEX),
        scoreOf: (value) => value.at,
        idOf: (value) => value.id,
      }),
    );
  const setUp = async () => {
    place = await backend.createPlace("indexed-repository");
    return open();
  };

  it("GIVEN rows put and deleted WHEN listed THEN all() is every row left, lowest score first, and below() the ones under a score, at most a limit", async () => {
    const repository = await setUp();
    await repository.put("c", row("c", 30));
    await repository.put("a", row("a", 10));
    await repository.put("b", row("b", 20));
    await repository.put("d", row("d", 5));
    await repository.delete("d");
    await repository.put("a", row("a", 40)); // moved by its new score

    expect(await repository.all()).toEqual([row("b", 20), row("c", 30), row("a", 40)]);
    expect(await repository.below(40, 10)).toEqual([row("b", 20), row("c", 30)]);
    expect(await repository.below(40, 1)).toEqual([row("b", 20)]);
    expect(await repository.get("a")).toEqual(row("a", 40));
    expect(await rawIndex().ids()).toEqual(["b", "c", "a"]);
  });

  it("GIVEN an id in the index without its row (a death between the two writes) WHEN a listing meets it THEN it is left out and dropped from the index", async () => {
    const repository = await setUp();
    await repository.put("a", row("a", 10));
    await rawIndex().add("ghost", 5);

    expect(await repository.below(100, 10)).toEqual([row("a", 10)]);
    expect(await rawIndex().ids()).toEqual(["a"]);
  });

  it("GIVEN a row written right after its id was found without it WHEN dropIfGone runs THEN the id stays in the index", async () => {
    const repository = await setUp();
    await rawIndex().add("late", 10);
    await rawRows().put("late", row("late", 10));

    await repository.dropIfGone("late");

    expect(await repository.all()).toEqual([row("late", 10)]);
  });

  it("GIVEN rows written before the index existed WHEN first listed THEN they are entered once; later listings read only the index, after a restart too", async () => {
    place = await backend.createPlace("indexed-repository");
    const rows = rawRows();
    await rows.put("old-1", row("old-1", 2));
    await rows.put("old-2", row("old-2", 1));

    const repository = open();
    expect(await repository.all()).toEqual([row("old-2", 1), row("old-1", 2)]);

    // Written behind the repository's back after the import: a listing that scanned would find it.
    await rows.put("unindexed", row("unindexed", 3));
    const scan = vi.spyOn(KeyvRepository.prototype, "all");
    try {
      expect(await repository.all()).toEqual([row("old-2", 1), row("old-1", 2)]);
      expect(await open().below(10, 10)).toEqual([row("old-2", 1), row("old-1", 2)]);
      expect(scan).not.toHaveBeenCalled();
    } finally {
      scan.mockRestore();
    }
  });
});
