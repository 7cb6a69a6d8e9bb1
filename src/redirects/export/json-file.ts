// Writing a JSON export and its JSON Schema (from the zod schema) side by side. Rules are
// written one per line in chunks, so 300,000 rules never make one giant string.
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { z } from 'zod';

export function writeSchema(file: string, id: string, schema: z.ZodType): void {
  writeFileSync(file, JSON.stringify({ $id: `https://yimen.dev/schema/${id}`, ...(z.toJSONSchema(schema, { io: 'output' }) as object) }, null, 2) + '\n');
}

/** `{ ...head, [arrayKey]: items }` with one item per line */
export async function writeJsonWithArray(file: string, head: Record<string, unknown>, arrayKey: string, items: Iterable<unknown>, tail: Record<string, unknown> = {}): Promise<void> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const headText = JSON.stringify(head);
  await write(`${headText.slice(0, -1)}${headText.length > 2 ? ',' : ''}${JSON.stringify(arrayKey)}:[\n`);
  let chunk = '';
  let first = true;
  for (const it of items) {
    chunk += (first ? '' : ',\n') + JSON.stringify(it);
    first = false;
    if (chunk.length > 65_536) {
      await write(chunk);
      chunk = '';
    }
  }
  const tailText = JSON.stringify(tail);
  chunk += `\n]${tailText.length > 2 ? `,${tailText.slice(1, -1)}` : ''}}\n`;
  await write(chunk);
  out.end();
  await once(out, 'finish');
}
