/** Writing generated chunks to any Writable with backpressure; the Writable is ended (and a file stream closed). */
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

export async function streamInto(chunks: Iterable<string | Buffer> | AsyncIterable<string | Buffer>, out: Writable): Promise<void> {
  await pipeline(Readable.from(chunks), out);
}
