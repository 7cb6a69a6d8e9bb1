// Terminal rendering primitives: tables (cli-table3), plurals and times for people, shared by the renderers.
import Table from 'cli-table3';

export function renderTable(head: string[], rows: Array<Array<string | number>>, opts: { align?: Array<'left' | 'right'> } = {}): string {
  const t = new Table({
    head,
    style: { head: process.stdout.isTTY ? ['cyan'] : [], border: process.stdout.isTTY ? ['grey'] : [] },
    colAligns: opts.align ?? head.map(() => 'left'),
    wordWrap: true,
  });
  for (const r of rows) t.push(r.map((c) => String(c)));
  return t.toString();
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

