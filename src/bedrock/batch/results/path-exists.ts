/** Whether a file or folder is there (for work that is skipped when an earlier attempt left its result). */
import { access } from "node:fs/promises";

export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
