// Joins (docs/adapters.md, "Several sources and joins"): a secondary table (a visits sheet keyed by
// item code, a code table) read once before the app's sources, and its columns copied onto each
// record whose field matches, before the record is stored, so map sees one record per service.
// Rows no record matched are reported, never silently dropped.
import { basename } from 'node:path';
import { readTable, HeaderFinder, columnIndex, type TableRowOrError } from '../sdk/index.js';
import type { JoinConfig } from '../workspace/config.js';
import { resolveIn } from '../workspace/paths.js';
import type { JoinSummary } from './summary.js';

export interface LoadedJoin {
  spec: JoinConfig;
  label: string;
  /** normalised key → the row's locator and the copied fields */
  rows: Map<string, { locator: string; values: Record<string, string> }>;
  matched: Set<string>;
  recordsWithout: number;
}

/** a key as people type it: trimmed, inner spaces collapsed, full-width letters and digits folded */
export const joinKey = (v: unknown) =>
  String(v ?? '')
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim();

/** `column` or `column as field` */
function fieldSpec(f: string): { column: string; as: string } {
  const m = /^(.*?)\s+as\s+(.+)$/.exec(f);
  return m ? { column: m[1]!.trim(), as: m[2]!.trim() } : { column: f, as: f };
}

export async function loadJoin(root: string, spec: JoinConfig, warn: (m: string) => void): Promise<LoadedJoin> {
  const file = resolveIn(root, spec.file);
  const sheets = await readTable(file, { sheet: spec.sheet, display: spec.file, strict: { isKey: (c) => c.replace(/\s+/g, '') === spec.on.right.replace(/\s+/g, ''), headerRow: spec.headerRow } });
  const sheet = sheets[0]!;
  const label = sheet.label || basename(file);
  const rows = new Map<string, { locator: string; values: Record<string, string> }>();
  let header: string[] | undefined;
  const finder = new HeaderFinder({ isKey: (c) => c.replace(/\s+/g, '') === spec.on.right.replace(/\s+/g, ''), headerRow: spec.headerRow, onHeader: (h) => (header = h) });
  const fields = spec.fields.map(fieldSpec);
  let keyAt = -1;
  let idx: number[] = [];
  for await (const batch of sheet.batches as AsyncIterable<TableRowOrError[]>) {
    for (const r of batch) {
      const locator = `${label}!R${r.row}`;
      if ('error' in r) {
        warn(`join ${locator}: ${r.error} (row not joined)`);
        continue;
      }
      if (!header) {
        if (finder.feed(r.row, r.cells) === 'header' || !header) continue;
      }
      if (keyAt < 0) {
        keyAt = columnIndex(header, spec.on.right);
        idx = fields.map((f) => columnIndex(header!, f.column));
        fields.forEach((f, k) => idx[k]! < 0 && warn(`join ${label}: no column "${f.column}" (columns: ${header!.filter(Boolean).join(', ')})`));
      }
      const key = joinKey(r.cells[keyAt]);
      if (!key) continue;
      if (rows.has(key)) {
        warn(`join ${locator}: "${key}" already on ${rows.get(key)!.locator}: the first row is used`);
        continue;
      }
      const values: Record<string, string> = {};
      fields.forEach((f, k) => {
        if (idx[k]! >= 0) values[f.as] = r.cells[idx[k]!] ?? '';
      });
      rows.set(key, { locator, values });
    }
  }
  if (!header) warn(`join ${label}: no header row with the column "${spec.on.right}": nothing joined`);
  return { spec, label, rows, matched: new Set(), recordsWithout: 0 };
}

/** the value of a field of a record: a top-level name, else a dotted path */
function fieldOf(data: Record<string, unknown>, path: string): unknown {
  if (path in data) return data[path];
  let v: unknown = data;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

/** the record with the joined fields (a new object), or as it was when no row matches */
export function applyJoins(joins: LoadedJoin[], stream: string, data: Record<string, unknown>): Record<string, unknown> {
  let out = data;
  for (const j of joins) {
    if (j.spec.stream !== stream) continue;
    const key = joinKey(fieldOf(data, j.spec.on.left));
    const row = key ? j.rows.get(key) : undefined;
    if (!row) {
      j.recordsWithout++;
      continue;
    }
    j.matched.add(key);
    out = { ...out };
    for (const [k, v] of Object.entries(row.values)) if (out[k] === undefined || out[k] === '' || out[k] === null) out[k] = v;
  }
  return out;
}

/** what each join did, with warnings for the rows nothing matched */
export function joinSummaries(joins: LoadedJoin[], warn: (m: string) => void): JoinSummary[] {
  return joins.map((j) => {
    const unmatched = [...j.rows.entries()].filter(([k]) => !j.matched.has(k)).map(([k, r]) => `${r.locator} (${k})`);
    if (unmatched.length) warn(`join ${j.label}: ${unmatched.length} row(s) matched no record by ${j.spec.on.left} = ${j.spec.on.right}: ${unmatched.slice(0, 5).join(', ')}${unmatched.length > 5 ? ', …' : ''}`);
    return { file: j.spec.file, on: `${j.spec.on.left} = ${j.spec.on.right}`, rows: j.rows.size, matched: j.matched.size, unmatched: unmatched.length, unmatchedRows: unmatched.slice(0, 20), recordsWithout: j.recordsWithout };
  });
}
