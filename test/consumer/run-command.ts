/** Runs a command to completion; a failure carries its output, which is what explains an npm or tsc failure. */
import { execFile } from "node:child_process";

export function runCommand(file: string, args: readonly string[], { cwd }: { cwd: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`${file} ${args.join(" ")} failed (${error.message.split("\n")[0]}):\n${stdout}\n${stderr}`));
    });
  });
}
