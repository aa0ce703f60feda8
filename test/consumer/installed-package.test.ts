/**
 * The package as a user gets it: `npm pack`, installed offline into a host project of its own, and hosts that use
 * only its public entry points — the plain-JavaScript example host (examples/host-bot) and a strict TypeScript host
 * (typed-host/) — run against the fake Discord and fake Bedrock. Hosts run on CONSUMER_NODE (default: this Node);
 * .ci/consumer-on-node.sh runs this file on other Node majors.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installedPackageNames, installHostProject, type HostProject } from "./host-project.ts";
import { mentionIsAnswered, stopsCleanly, waitForDeploy, withHostSession } from "./host-session.ts";
import { CONSUMER_NODE } from "./host-process.ts";
import { packPackage, type PackedPackage } from "./pack-package.ts";
import { redisKeys } from "../e2e/redis-keys.ts";
import { runCommand } from "./run-command.ts";
import { TSC } from "./paths.ts";

/**
 * Measured 474 kB (800 files) when this test was written, 735 kB (1,193 files) once MCP, web fetch, guardrails,
 * citations, sinks and pipelines landed; the margin is for growth, not for a stray folder.
 */
const MAX_PACKED_BYTES = 900_000;
/** Packing and an offline install (a minute or more on a loaded 2-core machine), a strict tsc over every .d.ts. */
const INSTALL_TIMEOUT_MS = 6 * 60_000;
const HOST_RUN_TIMEOUT_MS = 5 * 60_000;

/** What the plugin deploys with all non-batch features on (the fake's config has no batch bucket). */
const PLUGIN_COMMANDS = ["chat", "model", "system", "guardrail", "usage", "tools"];

let tmp: string;
let packed: PackedPackage;
let project: HostProject;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "consumer-"));
  packed = await packPackage(tmp);
  project = await installHostProject(packed.tarball, join(tmp, "host"));
  console.info(
    `consumer: ${packed.files.length} files, ${packed.size} bytes packed; offline install ${Math.round(project.installMs)} ms; hosts on ${CONSUMER_NODE}`,
  );
}, INSTALL_TIMEOUT_MS);

afterAll(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("GIVEN npm pack THEN it holds the built code, declarations, CLI, example config and schema, README, LICENSE, and no tests, sources or examples", () => {
    expect(packed.files).toEqual(
      expect.arrayContaining([
        "dist/index.js",
        "dist/index.d.ts",
        "dist/cli.js",
        "config/model_config.example.toml",
        "config/model_config.schema.json",
        "README.md",
        "LICENSE",
        "package.json",
      ]),
    );
    const strays = packed.files.filter((file) => /^(test|bench|\.ci|examples|src)\//.test(file) || (file.endsWith(".ts") && !file.endsWith(".d.ts")));
    expect(strays).toEqual([]);
    expect(packed.size).toBeLessThan(MAX_PACKED_BYTES);
  });

  it("GIVEN it installed into a host THEN the host has its runtime dependencies but no sqlite, native build, TypeScript runner or test tools", () => {
    const installed = installedPackageNames(project.dir);
    expect([...installed].filter((name) => ["bedrock-discord-bot", "discord.js", "@keyv/redis"].includes(name)).sort()).toEqual(["@keyv/redis", "bedrock-discord-bot", "discord.js"]);
    const unwanted = ["@keyv/sqlite", "sqlite3", "node-gyp", "tsx", "esbuild", "vitest"];
    expect([...installed].filter((name) => unwanted.includes(name))).toEqual([]);
  });
});

describe("hosts on the installed package", () => {
  it(
    "GIVEN the example host WHEN a user mentions the bot, runs the host's /ping and presses its Again button THEN the plugin answers the mention, the host alone answers its own, and SIGTERM exits 0",
    () =>
      withHostSession(project.dir, "index.js", async (session) => {
        const { discord } = session;
        await waitForDeploy(session, ["ping", ...PLUGIN_COMMANDS]);
        await mentionIsAnswered(session);
        expect(await redisKeys(session.redisPattern)).not.toEqual([]);

        const [channelId, userId] = [discord.channelId("general"), discord.userId("alice")];
        const ping = discord.runCommand({ name: "ping", channelId, userId });
        const pong = await discord.waitForMessage({ where: (message) => message.id === ping.originalMessageId });
        expect(pong.content).toBe("pong");
        const again = discord.clickButton({ messageId: pong.id, customId: "host:again", userId });
        await discord.waitFor(() => discord.message(pong.id)?.content.startsWith("pong again"), { description: "the host's Again answer" });
        expect(again.response?.type).toBe(7); // UPDATE_MESSAGE: the host's interaction.update

        await stopsCleanly(session);
        // Both interactions were answered once, by the host: no second answer or follow-up from the plugin.
        const answers = (id: string) => discord.requests.filter((request) => request.path.includes(`/interactions/${id}/`));
        expect([answers(ping.id).length, answers(again.id).length]).toEqual([1, 1]);
        expect([...ping.followUpMessageIds, ...again.followUpMessageIds]).toEqual([]);
      }),
    HOST_RUN_TIMEOUT_MS,
  );

  it(
    "GIVEN a TypeScript host with strict settings of its own WHEN it is compiled against the installed declarations and run THEN it typechecks, the plugin answers a mention, and SIGTERM exits 0",
    async () => {
      // The repo's TypeScript, run on this Node: the host project installs no compiler of its own.
      await runCommand(process.execPath, [TSC, "-p", project.dir], { cwd: project.dir });
      await withHostSession(project.dir, "out/host.js", async (session) => {
        await waitForDeploy(session, ["chat"]);
        await mentionIsAnswered(session);
        await stopsCleanly(session);
      });
    },
    HOST_RUN_TIMEOUT_MS,
  );
});
