/**
 * Offline mode (`batch results --from <dir>`): a directory of downloaded outputs read like S3. Every directory under
 * it holding `*.out` files is one job (a whole `<output>/` prefix with `<jobId>/` folders works as well as one job's
 * files); its `manifest.json.out` is that job's manifest.
 */
import { open, readdir, readFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { isOutputDataFile, MANIFEST_FILE_NAME, type BatchOutputSource } from "./batch-output-source.ts";

/** Read size: big enough that a line of base64 media arrives in few chunks. */
const DEFAULT_CHUNK_BYTES = 1 << 20;

export interface LocalOutputOptions {
  /** Bytes per read (default 1 MiB). */
  chunkBytes?: number;
}

/** Sources for `dir` and its subdirectories, in name order; directories without `.out` files are left out. */
export async function listLocalBatchOutput(dir: string, options: LocalOutputOptions = {}): Promise<BatchOutputSource[]> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const sources: BatchOutputSource[] = [];
  for (const folder of await listFolders(dir)) {
    const names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
    const dataFiles = names.filter(isOutputDataFile).sort();
    const hasManifest = names.includes(MANIFEST_FILE_NAME);
    if (dataFiles.length === 0 && !hasManifest) continue;
    sources.push({
      job: folder === dir ? basename(dir) : relative(dir, folder),
      files: dataFiles.map((name) => {
        const path = join(folder, name);
        return { name: relative(dir, path), open: () => readChunks(path, chunkBytes) };
      }),
      readManifest: () => (hasManifest ? readFile(join(folder, MANIFEST_FILE_NAME), "utf8") : Promise.resolve(undefined)),
    });
  }
  return sources;
}

/** `dir` and every directory below it, depth first, in name order. */
async function listFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const children = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const below = await Promise.all(children.map((name) => listFolders(join(dir, name))));
  return [dir, ...below.flat()];
}

/**
 * The file's bytes through one reused buffer: a gigabyte read as a stream of fresh 1 MiB buffers leaves garbage that
 * peaks RSS long before GC runs. Safe because `splitLines` keeps no chunk once it asks for the next.
 */
async function* readChunks(path: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}
