// Writes docs/batch-lifecycle.md from the transition table (npm run docs:lifecycle).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderLifecycleDoc } from "../src/bedrock/batch/lifecycle/render-lifecycle-diagram.ts";

writeFileSync(fileURLToPath(new URL("../docs/batch-lifecycle.md", import.meta.url)), renderLifecycleDoc());
