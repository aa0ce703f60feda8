/**
 * No comment or doc may point at a file outside the repository: a reader of a clone (or of the published package)
 * cannot follow it. Every file git knows (tracked, or new and not ignored) is read as text and searched for absolute
 * paths of a workplace or a home folder, for a team folder beside the checkout, and for a `.md` path that is no file
 * of the repository.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const ROOT = new URL("..", import.meta.url);
const THIS_FILE = "test/repository-references.test.ts";
/** Generated, or not prose: what it names is not ours to word. */
const NOT_SCANNED = new Set(["package-lock.json", THIS_FILE]);

/** A reference outside the repository, whatever file it is in. */
const OUTSIDE: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /\/work\//, what: "an absolute path of the workplace" },
  { pattern: /(?<![\w.:/-])\/(home|Users)\/[\w.-]+|(?<![\w.:/-])\/root\//, what: "an absolute path in a home folder" },
  { pattern: /\.\.\/shared\b|(?<![\w.-])shared\/(style|design|reference|fixtures|hooks)\b/, what: "the team folder beside the checkout" },
  { pattern: /\b(style|design|DEVELOPERS|MACHINES)\.md\b/, what: "a team document" },
];

/** A `.md` path with at least one folder, not inside a URL. */
const MARKDOWN_PATH = /(?<![\w:/.-])((?:\.{1,2}\/)*[\w-][\w.-]*(?:\/[\w.-]+)*\/[\w.-]+\.md)\b/g;

/** Files git knows about: tracked, and new ones it does not ignore. */
function repositoryFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" });
  return [...new Set(listed.split("\0").filter((path) => path !== ""))].sort();
}

/** `file: what` for each reference outside the repository in `text`. */
function findOutsideReferences(file: string, text: string, files: ReadonlySet<string>): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, index) => {
    const at = `${file}:${index + 1}`;
    for (const { pattern, what } of OUTSIDE) {
      const match = pattern.exec(line);
      if (match !== null) found.push(`${at}: ${what} (${match[0]})`);
    }
    for (const [, path] of line.matchAll(MARKDOWN_PATH)) {
      if (path !== undefined && !isRepositoryFile(path, file, files)) found.push(`${at}: ${path} is no file of the repository`);
    }
  });
  return found;
}

/** Whether `path`, as written in `from`, names a file of the repository (relative to `from`, or a path within it). */
function isRepositoryFile(path: string, from: string, files: ReadonlySet<string>): boolean {
  const relative = new URL(path, new URL(from, "file:///repo/")).pathname.replace(/^\/repo\//, "");
  if (files.has(relative)) return true;
  const bare = path.replace(/^(\.{1,2}\/)+/, "");
  return [...files].some((file) => file === bare || file.endsWith(`/${bare}`));
}

describe("references to files outside the repository", () => {
  it("GIVEN every file of the repository THEN none points at a file outside it", () => {
    const files = repositoryFiles();
    const known = new Set(files);
    const found = files
      // A symlinked folder (node_modules shared by a second worktree) is listed as an untracked path: not a file.
      .filter((file) => !NOT_SCANNED.has(file) && lstatSync(new URL(file, ROOT)).isFile())
      .flatMap((file) => {
        const bytes = readFileSync(new URL(file, ROOT));
        if (bytes.includes(0)) return []; // binary
        return findOutsideReferences(file, bytes.toString("utf8"), known);
      });
    expect(found, `point at files in the repository, or say the reason itself:\n${found.join("\n")}`).toEqual([]);
  });

  it("GIVEN each kind of outside reference THEN each is found; paths of the repository and URLs are not", () => {
    const files = new Set(["README.md", "docs/architecture.md", "test/fakes/discord/README.md", "src/x.ts"]);
    // Built from parts, so this file itself is not a reference to the team folder.
    const teamStyle = ["..", "shared", "style.md"].join("/");
    const text = [
      `// see ${teamStyle} §3`,
      "// copied from /work/shared/fixtures/bedrock/",
      "/** reference/bedrock.md \"Default quotas\" */",
      "// as design.md says",
      "// built in /home/dev/bot",
      "// see docs/architecture.md and ../../README.md, test/fakes/discord/README.md",
      "// https://github.com/owner/repo/blob/main/docs/guide.md",
    ].join("\n");
    expect(findOutsideReferences("src/x.ts", text, files)).toEqual([
      "src/x.ts:1: the team folder beside the checkout (../shared)",
      "src/x.ts:1: a team document (style.md)",
      `src/x.ts:1: ${teamStyle} is no file of the repository`,
      "src/x.ts:2: an absolute path of the workplace (/work/)",
      "src/x.ts:2: the team folder beside the checkout (shared/fixtures)",
      "src/x.ts:3: reference/bedrock.md is no file of the repository",
      "src/x.ts:4: a team document (design.md)",
      "src/x.ts:5: an absolute path in a home folder (/home/dev)",
    ]);
  });
});
