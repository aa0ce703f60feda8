// The layers the code cannot cross (docs/architecture.md says what each folder owns and why). `npm run lint:layers`
// checks them as part of `npm test`. Type-only imports (`tsPreCompilationDeps`) and lazy `import()` count like any
// other import, cycles included: a type cycle ties modules together as much as a value one does.

/** discord.js and its packages: only src/bot (and the CLI that starts it) may know Discord. */
const DISCORD = "^node_modules/(discord\\.js|@discordjs/|discord-api-types)";

/** A layer that may import nothing from src but itself (and `also`), and nothing of Discord. */
function leaf(name, path, comment, also = []) {
  return { name, severity: "error", comment, from: { path }, to: { path: ["^src/", DISCORD], pathNot: [path, ...also] } };
}

/** `from` must not import any of `paths`. */
function forbid(name, from, paths, comment) {
  return { name, severity: "error", comment, from: { path: from }, to: { path: paths } };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment: "No import cycles, type-only and lazy imports included: give the shared types a leaf module, pass a function only the fields it uses.",
      from: {},
      to: { circular: true },
    },
    leaf("format-is-a-leaf", "^src/format/", "src/format formats values for people (money, thrown values) for every layer, so it imports none."),
    leaf("logger-is-a-leaf", "^src/create-logger\\.ts$", "src/create-logger.ts is used by every layer, so it imports none but its secret scrubber.", ["^src/scrub-log-secrets\\.ts$"]),
    leaf("scrubber-is-a-leaf", "^src/scrub-log-secrets\\.ts$", "src/scrub-log-secrets.ts is the logger's own: it imports nothing from src."),
    leaf("config-is-a-leaf", "^src/config/", "src/config turns TOML into a typed Config: it imports no other layer.", ["^src/format/"]),
    leaf("store-is-a-leaf", "^src/store/", "src/store is persistence behind keyv: it imports no other layer (src/bedrock and src/bot use it).", ["^src/format/"]),
    leaf("startup-knows-config-only", "^src/startup/", "src/startup checks what the bot needs before it starts: config, format and the logger only.", ["^src/(config|format)/", "^src/create-logger\\.ts$"]),
    forbid("bedrock-knows-no-discord", "^src/bedrock/", ["^src/(bot|cli|startup)/", "^src/(index|cli)\\.ts$", DISCORD], "src/bedrock is the AWS side, usable without Discord: no src/bot, src/cli, src/startup, entry points or discord.js."),
    forbid("bot-knows-no-cli", "^src/bot/", ["^src/(cli|startup)/", "^src/(index|cli)\\.ts$"], "src/bot is the Discord side: it imports neither the command line nor the entry points."),
    forbid("entry-points-are-not-imported", "^src/", ["^src/(index|cli)\\.ts$"], "src/index.ts and src/cli.ts are entry points: nothing in src imports them."),
    forbid("src-imports-no-tests", "^src/", ["^(test|bench|bin|examples)/"], "test/, bench/, bin/ and examples/ may import src, never the other way round."),
    {
      name: "no-unresolvable",
      severity: "error",
      comment: "An import that does not resolve would hide a crossing from the rules above.",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // A host project's source compiled against the built package by the consumer test; not part of this tree's graph.
    exclude: { path: "^test/consumer/typed-host/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // Sources import each other with `.ts` extensions; packages are resolved through their `exports`, as Node does.
    enhancedResolveOptions: { extensions: [".ts", ".js"], exportsFields: ["exports"], conditionNames: ["import", "types", "default"] },
  },
};
