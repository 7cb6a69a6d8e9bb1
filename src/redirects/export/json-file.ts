// Writing an export file in big chunks (ChunkWriter), and a JSON export with its JSON Schema (from
// the zod schema) side by side. Rules are written one per line into one reused buffer, so 300,000
// rules never make one giant string, nor a new buffer per chunk for the garbage collector.
import { closeSync, openSync, writeSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const CHUNK = 1 << 20;

/**
 * Appends text to a file through one reused 1 MiB buffer: pieces are encoded into it in place and
 * it goes to the disk, synchronously, when full (a write per MiB, not per line: the page cache
 * takes it at memory speed, and no buffer or joined string is left behind per chunk).
 */
export class ChunkWriter {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  add(s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (this.pos + s.length * 3 > CHUNK) {
      this.flush();
      if (s.length * 3 > CHUNK) {
        writeSync(this.fd, s);
        return;
      }
    }
    this.pos += this.buf.write(s, this.pos);
  }
  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }
  end(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

export function writeSchema(file: string, id: string, schema: z.ZodType): void {
  writeFileSync(file, JSON.stringify({ $id: `https://yimen.dev/schema/${id}`, ...(z.toJSONSchema(schema, { io: 'output' }) as object) }, null, 2) + '\n');
}

/** `{ ...head, [arrayKey]: items }` with one item per line; `tail` is written after the items (it may be filled while they are read) */
export async function writeJsonWithArray(file: string, head: Record<string, unknown>, arrayKey: string, items: Iterable<unknown>, tail: Record<string, unknown> = {}): Promise<void> {
  const out = new ChunkWriter(file);
  try {
    const headText = JSON.stringify(head);
    out.add(`${headText.slice(0, -1)}${headText.length > 2 ? ',' : ''}${JSON.stringify(arrayKey)}:[\n`);
    let sep = '';
    for (const it of items) {
      out.add(sep);
      out.add(JSON.stringify(it));
      sep = ',\n';
    }
    const tailText = JSON.stringify(tail);
    out.add(`\n]${tailText.length > 2 ? `,${tailText.slice(1, -1)}` : ''}}\n`);
  } finally {
    out.end();
  }
}
