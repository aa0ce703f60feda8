/**
 * Byte chunks -> lines, without decoding: a line is handed on as bytes so the scanner can skip most of it. Only the
 * current line is held, never the file. A line that spans chunks is copied into one buffer reused for every such line,
 * so reading a gigabyte of megabyte lines allocates (almost) nothing per line; and no chunk is referenced once the next
 * one is asked for, so sources may reuse their read buffer. `\r\n` endings lose the `\r`.
 */

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Lines of a byte stream, including empty ones (so callers count line numbers right). A yielded line shares memory with
 * a chunk or with the reused line buffer: use it (or copy it) before asking for the next.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  let carried = 0;
  for await (const chunk of chunks) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let newline = bytes.indexOf(NEWLINE); newline !== -1; newline = bytes.indexOf(NEWLINE, start)) {
      if (carried > 0) {
        carry = withCapacity(carry, carried, carried + newline - start);
        carried += bytes.copy(carry, carried, start, newline);
        const line = carry.subarray(0, carried);
        carried = 0;
        yield withoutCarriageReturn(line);
      } else {
        yield withoutCarriageReturn(bytes.subarray(start, newline));
      }
      start = newline + 1;
    }
    if (start < bytes.length) {
      carry = withCapacity(carry, carried, carried + bytes.length - start);
      carried += bytes.copy(carry, carried, start);
    }
  }
  if (carried > 0) yield withoutCarriageReturn(carry.subarray(0, carried));
}

/** `buffer` if it holds `needed` bytes, else a bigger one (at least double) with the first `used` bytes copied. */
function withCapacity(buffer: Buffer, used: number, needed: number): Buffer {
  if (needed <= buffer.length) return buffer;
  const grown = Buffer.allocUnsafe(Math.max(needed, buffer.length * 2));
  buffer.copy(grown, 0, 0, used);
  return grown;
}

function withoutCarriageReturn(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN ? line.subarray(0, line.length - 1) : line;
}
