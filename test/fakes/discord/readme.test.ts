import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROUTES } from "./rest-server.ts";

describe("fake Discord README", () => {
  it("GIVEN the route table WHEN compared with the README THEN every route is documented with its method, path and bucket", () => {
    const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");

    const undocumented = ROUTES.filter((route) => {
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${route.name}\` |`));
      return !row?.includes(`${route.method} \`${route.path}\``) || !row.endsWith(`| ${route.bucket ?? "none"} |`);
    });

    expect(undocumented.map((r) => r.name)).toEqual([]);
  });
});
