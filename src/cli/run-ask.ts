/**
 * What `bedrock-bot ask` runs: one conversation turn from the terminal through the same core the bot uses (content
 * builder, tool loop, streaming). The quickest way to check that credentials, model access and region are right.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import {
  BedrockClientPool,
  buildContentBlocks,
  createBuiltinTools,
  createConverseClient,
  runToolLoop,
  selectEnabledTools,
  ToolRegistry,
} from "../bedrock/index.ts";
import { batchCapability } from "../bedrock/batch/records/batch-capability.ts";
import { chooseModel } from "../bedrock/models/choose-model.ts";
import { formatUsd } from "../format/format-usd.ts";
import { printAwsNodeNote } from "./aws-node-support-note.ts";
import { requireCliConfig } from "./load-cli-config.ts";

export interface AskOptions {
  model?: string;
  file: string[];
  system?: string;
  stream: boolean;
  tools: boolean;
  maxTokens?: string;
  json?: boolean;
}


export async function ask(promptWords: string[], options: AskOptions, configFlag: string | undefined): Promise<void> {
  const config = await requireCliConfig(configFlag);
  const { model } = chooseModel(config, "chat", options.model);
  const files = await Promise.all(options.file.map(async (path) => ({ filename: basename(path), bytes: new Uint8Array(await readFile(path)) })));
  const content = await buildContentBlocks(promptWords.join(" "), files, { allowVideo: batchCapability(model).s3Video });
  for (const warning of content.warnings) process.stderr.write(`warning: ${warning}\n`);

  const registry = new ToolRegistry();
  if (options.tools) {
    const tools = selectEnabledTools(createBuiltinTools({ now: () => new Date() }), config.data.tools);
    for (const warning of tools.warnings) process.stderr.write(`warning: ${warning}\n`);
    for (const tool of tools.value) registry.register(tool);
  }
  printAwsNodeNote();
  const pool = new BedrockClientPool(config.providers);
  try {
    const loop = runToolLoop(createConverseClient(pool.forModel(model).runtime), {
      model,
      messages: [{ role: "user", content: content.value }],
      system: [{ text: options.system ?? config.data.bot.system_prompt }],
      stream: options.stream,
      registry,
      maxRounds: config.data.bot.max_rounds,
      onSkipped: (what) => process.stderr.write(`warning: skipped ${what} (not known to this bot)\n`),
      ...(options.maxTokens === undefined ? {} : { inferenceConfig: { maxTokens: Number(options.maxTokens) } }),
    });
    let step = await loop.next();
    while (step.done !== true) {
      const event = step.value;
      if (event.type === "text" && !options.json) process.stdout.write(event.delta);
      if (event.type === "toolResult") process.stderr.write(`\n[used ${event.name}${event.status === "error" ? " (failed)" : ""}]\n`);
      if (event.type === "warning") process.stderr.write(`\nwarning: ${event.message}\n`);
      step = await loop.next();
    }
    const result = step.value;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ model: model.name, text: result.text, stopReason: result.stopReason, usage: result.usage, costUsd: result.costUsd, modelCalls: result.modelCalls })}\n`);
    } else {
      process.stdout.write("\n");
      process.stderr.write(`${model.name} · ${result.usage.inputTokens} in / ${result.usage.outputTokens} out · ${formatUsd(result.costUsd)} · ${result.stopReason}\n`);
    }
  } finally {
    pool.destroy();
  }
}

