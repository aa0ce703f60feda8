import type { Command } from "commander";
import { collectOption } from "./collect-option.ts";

/** The flags `plan` and `submit` share. */
export function addRunFlags(command: Command): Command {
  return command
    .option("-m, --model <name>", "model name from the config (default: [batch] default_model, else the first model that can run batch jobs)")
    .option("-p, --prompt <text>", "the prompt; repeat as name=text for an expanded run (several prompts per input)", collectOption, [])
    .option("-t, --template <text>", "a prompt template: {column} is filled from each row, {filename} from each file")
    .option("--prompt-column <column>", "mapped runs: the column holding each row's prompt (default: prompt)")
    .option("--text-column <column>", "embed runs: the column holding each row's text (default: text)")
    .option("--mode <mode>", "single | template | mapped | expanded | embed (default: from the flags given)")
    .option("-s, --system <text>", "system prompt")
    .option("--max-tokens <n>", "maximum output tokens per record")
    .option("--temperature <t>", "temperature, 0-1")
    .option("--schema <file.json>", "a JSON Schema the answers must follow: one result column per top-level property, each answer validated")
    .option("--keep-columns <names>", "only these input columns (id,title) in the results, in input order (default: [batch] keep_columns, else all)")
    .option("--drop-columns <names>", "never these input columns in the results, e.g. a long text column (default: [batch] drop_columns)")
    .option("--policy <policy>", "under the model's batch minimum: on_demand | wait | reject (default: [batch] small_batch_policy)")
    .option("-o, --out <dir>", "output folder")
    .option("--json", "print one JSON object");
}
