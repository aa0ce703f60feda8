/**
 * Where the config files are. Kept apart from the code that reads them: the CLI names these paths in its help and
 * `config init` copies the example, and neither should load the config layer (zod, the TOML parser) to do so.
 */
import { fileURLToPath } from "node:url";

/** The real config, relative to the current folder; ignored by git. */
export const DEFAULT_CONFIG_PATH = "config/model_config.toml";

/**
 * The annotated example shipped inside the package: the fallback when there is no config, and what `config init`
 * copies. Found from this module's own location, not the current folder, so it is there wherever the CLI runs; the
 * package root is two levels up from both src/config/*.ts (tsx, tests) and dist/config/*.js.
 */
export const EXAMPLE_CONFIG_PATH = fileURLToPath(new URL("../../config/model_config.example.toml", import.meta.url));

/** The JSON Schema next to the example, which the example's `#:schema` line points editors at. */
export const PACKAGED_CONFIG_SCHEMA_PATH = fileURLToPath(new URL("../../config/model_config.schema.json", import.meta.url));

/** Where `config schema --write` writes the JSON Schema: the committed copy, relative to the repository root. */
export const CONFIG_JSON_SCHEMA_PATH = "config/model_config.schema.json";
