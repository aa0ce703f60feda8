/**
 * Byte chunks -> lines, without decoding: a line is handed on as bytes so the scanner can skip most of it. Only the
 * current line is held (a partial line waits for the next chunk), never the file. `\r\n` endings lose the `\r`.
 */

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Lines of a byte stream, including empty ones (so callers count line numbers right). A yielded line may share memory
 * with the chunk it came from: use it before asking for the next.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of chunks) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let newline = bytes.indexOf(NEWLINE); newline !== -1; newline = bytes.indexOf(NEWLINE, start)) {
      let line = bytes.subarray(start, newline);
      if (pendingBytes > 0) {
        pending.push(line);
        line = Buffer.concat(pending, pendingBytes + line.length);
        pending = [];
        pendingBytes = 0;
      }
      yield withoutCarriageReturn(line);
      start = newline + 1;
    }
    if (start < bytes.length) {
      pending.push(bytes.subarray(start));
      pendingBytes += bytes.length - start;
    }
  }
  if (pendingBytes > 0) yield withoutCarriageReturn(Buffer.concat(pending, pendingBytes));
}

function withoutCarriageReturn(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN ? line.subarray(0, line.length - 1) : line;
}
