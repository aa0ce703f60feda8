import type { Command } from "commander";

/** The root `--config`, wherever it was written on the command line. */
export function configFlagOf(command: Command): string | undefined {
  return command.optsWithGlobals<{ config?: string }>().config;
}
