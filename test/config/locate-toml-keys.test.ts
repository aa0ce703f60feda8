import { describe, expect, it } from "vitest";
import { locateTomlKeys, positionOfKeyPath } from "../../src/config/locate-toml-keys.ts";

/** The scanner's map as `path -> "line:col"`, easy to compare whole. */
function locate(text: string): Record<string, string> {
  return Object.fromEntries([...locateTomlKeys(text)].map(([path, { line, column }]) => [path, `${line}:${column}`]));
}

describe("locateTomlKeys", () => {
  it("GIVEN top-level keys and a table WHEN located THEN each key is at its first column", () => {
    const text = ['title = "x"', "", "[bot]", "  default_model = \"nova\"  # comment", "history_limit=5"].join("\n");
    expect(locate(text)).toEqual({ title: "1:1", bot: "3:1", "bot.default_model": "4:3", "bot.history_limit": "5:1" });
  });

  it("GIVEN arrays of tables WHEN located THEN elements are counted and sub-tables belong to the latest element", () => {
    const text = [
      "[[models]]", // 1
      'name = "a"',
      "[[models]]", // 3
      'name = "b"',
      "[models.extra_params]", // 5
      "top_k = 5",
      "[[models]]", // 7
      "[[models.batch.rules]]", // 8
      "x = 1",
    ].join("\n");
    expect(locate(text)).toEqual({
      models: "1:1",
      "models[0]": "1:1",
      "models[0].name": "2:1",
      "models[1]": "3:1",
      "models[1].name": "4:1",
      "models[1].extra_params": "5:1",
      "models[1].extra_params.top_k": "6:1",
      "models[2]": "7:1",
      "models[2].batch": "8:1",
      "models[2].batch.rules": "8:1",
      "models[2].batch.rules[0]": "8:1",
      "models[2].batch.rules[0].x": "9:1",
    });
  });

  it("GIVEN dotted and quoted keys WHEN located THEN implicit tables take the key's position", () => {
    const text = ['[api_providers]', 'extra_params.region = "us-east-1"', '"odd key".\'lit\' = 1', "a . b = 2"].join("\n");
    expect(locate(text)).toEqual({
      api_providers: "1:1",
      "api_providers.extra_params": "2:1",
      "api_providers.extra_params.region": "2:1",
      'api_providers."odd key"': "3:1",
      'api_providers."odd key".lit': "3:1",
      "api_providers.a": "4:1",
      "api_providers.a.b": "4:1",
    });
  });

  it("GIVEN multi-line strings and arrays holding brackets and hashes WHEN located THEN they are not read as syntax", () => {
    const text = [
      'prompt = """', // 1
      "[not_a_table]",
      'x = "still inside" """',
      "list = [", // 4
      '  "a]#", # comment ]',
      "  'b',",
      "]",
      "lit = '''", // 8
      "[nor_this]'''",
      "after = 1", // 10
    ].join("\n");
    expect(locate(text)).toEqual({ prompt: "1:1", list: "4:1", "list[0]": "5:3", "list[1]": "6:3", lit: "8:1", after: "10:1" });
  });

  it("GIVEN inline tables and arrays of inline tables WHEN located THEN their keys and elements are located too", () => {
    const text = ['models = [ { name = "a", extra = { k = 1 } },', '  { name = "b" } ]', "tags = [1, 2]"].join("\n");
    expect(locate(text)).toEqual({
      models: "1:1",
      "models[0]": "1:12",
      "models[0].name": "1:14",
      "models[0].extra": "1:26",
      "models[0].extra.k": "1:36",
      "models[1]": "2:3",
      "models[1].name": "2:5",
      tags: "3:1",
      "tags[0]": "3:9",
      "tags[1]": "3:12",
    });
  });

  it("GIVEN CRLF line ends and garbage lines WHEN located THEN scanning carries on at the next line", () => {
    const text = "a = 1\r\n= = =\r\n[b\r\nc = 'x'\r\n";
    expect(locate(text)).toEqual({ a: "1:1", b: "3:1", "b.c": "4:1" });
  });
});

describe("positionOfKeyPath", () => {
  const locations = locateTomlKeys(['[[models]]', 'name = "a"', "[[models]]", 'name = "b"'].join("\n"));

  it("GIVEN a located key WHEN asked THEN its own position is returned", () => {
    expect(positionOfKeyPath(locations, ["models", 1, "name"])).toEqual({ line: 4, column: 1 });
  });

  it("GIVEN a missing key WHEN asked THEN the enclosing [[models]] header is returned", () => {
    expect(positionOfKeyPath(locations, ["models", 1, "api_provider"])).toEqual({ line: 3, column: 1 });
  });

  it("GIVEN a path nothing encloses WHEN asked THEN 1:1 is returned", () => {
    expect(positionOfKeyPath(locations, ["bot", "default_model"])).toEqual({ line: 1, column: 1 });
  });
});
