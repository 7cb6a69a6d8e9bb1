// Terminal rendering primitives: tables (cli-table3), plurals and times for people, shared by the
// renderers; and the terminal escaper every cell and message goes through, so text from a source
// (an ESC sequence, a bidi override) can never recolour, move or rewrite the user's terminal.
import Table from 'cli-table3';

// C0 (but tab and newline), DEL, C1, and the bidi controls (LRM/RLM, embeddings/overrides, isolates)
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(c: string): string {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/**
 * Text safe to print on a terminal: every control character shown as `\x1b` / `\u202e`. Lines and
 * tabs are kept in a message (`keepLines`, the default) and escaped in a table cell. Lone
 * surrogates are shown as `\udXXX` too (a terminal draws them as garbage).
 */
export function terminalSafe(s: string, opts: { keepLines?: boolean } = {}): string {
  const re = opts.keepLines === false ? CONTROL_OR_NEWLINE : CONTROL;
  re.lastIndex = 0;
  let out = re.test(s) ? s.replace(re, escapeOne) : s;
  if (/[\ud800-\udfff]/.test(out)) out = out.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, escapeOne);
  return out;
}

export function renderTable(head: string[], rows: Array<Array<string | number>>, opts: { align?: Array<'left' | 'right'> } = {}): string {
  const t = new Table({
    head: head.map((h) => terminalSafe(h, { keepLines: false })),
    style: { head: process.stdout.isTTY ? ['cyan'] : [], border: process.stdout.isTTY ? ['grey'] : [] },
    colAligns: opts.align ?? head.map(() => 'left'),
    wordWrap: true,
  });
  for (const r of rows) t.push(r.map((c) => terminalSafe(String(c))));
  return t.toString();
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

