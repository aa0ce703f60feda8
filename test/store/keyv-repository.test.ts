import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KeyvRepository } from "../../src/store/keyv-repository.ts";
import { openKeyv, storeBackend } from "../../src/store/open-keyv.ts";

interface Row {
  id: string;
  n: number;
}

async function sqliteUrl(): Promise<string> {
  return `sqlite://${join(await mkdtemp(join(tmpdir(), "store-")), "nested", "bot.sqlite")}`;
}

describe.each([
  ["sqlite", sqliteUrl],
  ["redis", () => Promise.resolve("redis://127.0.0.1:6379")],
])("KeyvRepository on %s", (_name, makeUrl) => {
  it("GIVEN rows put in one namespace WHEN reopened THEN get, all and delete see exactly them", async () => {
    const url = await makeUrl();
    const namespace = `test-${randomUUID()}`;
    const repository = new KeyvRepository<Row>(openKeyv<Row>(url, namespace));
    const other = new KeyvRepository<Row>(openKeyv<Row>(url, `${namespace}-other`));
    await repository.put("a", { id: "a", n: 1 });
    await repository.put("b", { id: "b", n: 2 });
    await other.put("c", { id: "c", n: 3 });
    await repository.close();

    const reopened = new KeyvRepository<Row>(openKeyv<Row>(url, namespace));
    expect(await reopened.get("a")).toEqual({ id: "a", n: 1 });
    expect(await reopened.get("zzz")).toBeUndefined();
    expect((await reopened.all()).sort((x, y) => x.n - y.n)).toEqual([{ id: "a", n: 1 }, { id: "b", n: 2 }]);
    await reopened.delete("a");
    expect(await reopened.all()).toEqual([{ id: "b", n: 2 }]);
    await reopened.delete("b");
    expect(await other.all()).toEqual([{ id: "c", n: 3 }]);
    await other.delete("c");
    await Promise.all([reopened.close(), other.close()]);
  });
});

describe("storeBackend", () => {
  it("GIVEN an unsupported url THEN a clear error", () => {
    expect(storeBackend("sqlite://x")).toBe("sqlite");
    expect(storeBackend("rediss://h:1")).toBe("redis");
    expect(() => storeBackend("postgres://x")).toThrow(/neither sqlite/);
  });
});
