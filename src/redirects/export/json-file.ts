// Writing an export file in big chunks (ChunkWriter), and a JSON export with its JSON Schema (from
// the zod schema) side by side. Rules are written one per line in chunks, so 300,000 rules never
// make one giant string, and the disk writes overlap the work that builds the next chunk.
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { z } from 'zod';

const CHUNK = 1 << 20;

/** appends text to a file: pieces gather into ~1 MiB chunks; up to 4 MiB in flight before waiting on the disk */
export class ChunkWriter {
  private readonly out: WriteStream;
  private parts: string[] = [];
  private size = 0;
  constructor(file: string) {
    this.out = createWriteStream(file, { highWaterMark: 4 * CHUNK });
  }
  /** add a piece; await the result only when it is a promise (the disk is behind) */
  add(s: string): Promise<void> | undefined {
    this.parts.push(s);
    this.size += s.length;
    return this.size >= CHUNK ? this.flush() : undefined;
  }
  flush(): Promise<void> | undefined {
    if (!this.parts.length) return undefined;
    const ok = this.out.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    return ok ? undefined : once(this.out, 'drain').then(() => undefined);
  }
  async end(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

export function writeSchema(file: string, id: string, schema: z.ZodType): void {
  writeFileSync(file, JSON.stringify({ $id: `https://yimen.dev/schema/${id}`, ...(z.toJSONSchema(schema, { io: 'output' }) as object) }, null, 2) + '\n');
}

/** `{ ...head, [arrayKey]: items }` with one item per line; `tail` is written after the items (it may be filled while they are read) */
export async function writeJsonWithArray(file: string, head: Record<string, unknown>, arrayKey: string, items: Iterable<unknown>, tail: Record<string, unknown> = {}): Promise<void> {
  const out = new ChunkWriter(file);
  const headText = JSON.stringify(head);
  out.add(`${headText.slice(0, -1)}${headText.length > 2 ? ',' : ''}${JSON.stringify(arrayKey)}:[\n`);
  let sep = '';
  for (const it of items) {
    const p = out.add(sep + JSON.stringify(it));
    if (p) await p;
    sep = ',\n';
  }
  const tailText = JSON.stringify(tail);
  out.add(`\n]${tailText.length > 2 ? `,${tailText.slice(1, -1)}` : ''}}\n`);
  await out.end();
}
