// Strict tables: once the header is known, a row whose shape does not fit it is an error row with
// its locator, both counts and its raw text, not a record shifted by a column; a quote never closed
// gives up its own line and reading resynchronises on the next; a trailing 合计/小计/总计 row is
// skipped with a note. Used by readTable when `strict` is set (the adapter names its key column).
import type { RecordInfo } from './csv.js';
import { HeaderFinder, headerListeners } from './header.js';

export interface StrictOptions {
  /** a cell naming the key column: the header is the first row holding one */
  isKey(cell: string): boolean;
  isHeader?(cells: string[]): boolean;
  /** 1-based row of the header's first row; default: found by the key column */
  headerRow?: number;
  headerRows?: number;
  /** skip 合计/小计/总计 rows (default true) */
  skipTotals?: boolean;
}

export type ShapeFormat = 'csv' | 'xlsx';

// the whole cell is the label, maybe with a colon, a count or a bracket: 合计 / 小 计： / 总计（32项） / 合计:32
const TOTAL = /^(合\s*计|小\s*计|总\s*计|共\s*计|total|subtotal|grand total)\s*([:：].*|[（(].*|\d.*)?$/i;

/** a 合计/小计/总计 row: its first or second non-empty cell says so */
export function isTotalRow(cells: readonly string[]): boolean {
  let seen = 0;
  for (const c of cells) {
    const v = c.trim();
    if (!v) continue;
    if (TOTAL.test(v)) return true;
    if (++seen >= 2) return false;
  }
  return false;
}

/**
 * Why a row does not fit its header, or undefined. CSV/TSV: any other cell count (one empty cell
 * too many shifts every field after it). XLSX: a non-empty cell right of the header's last named
 * column (the grid pads rows, so only cells with text count).
 */
export function shapeFault(header: readonly string[], cells: readonly string[], format: ShapeFormat): string | undefined {
  if (format === 'csv') {
    const want = header.length;
    const got = cells.length;
    if (got === want) return undefined;
    if (got > want) {
      const n = got - want;
      return `${got} cells but the header has ${want}: ${n === 1 ? 'one cell' : `${n} cells`} too many, so the fields after ${n === 1 ? 'it' : 'them'} would be shifted`;
    }
    return `${got} cells but the header has ${want}: ${want - got === 1 ? 'one cell' : `${want - got} cells`} missing (a broken or cut line?)`;
  }
  let last = header.length - 1;
  while (last >= 0 && !header[last]) last--;
  for (let i = last + 1; i < cells.length; i++) {
    if (cells[i] !== '') {
      return `a cell beyond the header's last column (column ${colName(i)} holds "${clip(cells[i]!)}", the header ends at column ${colName(last)}): ${countNonEmpty(cells, last + 1)} extra cell(s)`;
    }
  }
  return undefined;
}

function countNonEmpty(cells: readonly string[], from: number): number {
  let n = 0;
  for (let i = from; i < cells.length; i++) if (cells[i] !== '') n++;
  return n;
}

function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s || 'A';
}

function clip(s: string, n = 40): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

/**
 * What a person needs to tell which service a row that does not fit was: its cells under the
 * header's names (as far as they go), the cells past the header, and its text as it stood.
 */
export function rawRecord(header: readonly string[], cells: readonly string[], text?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  header.forEach((h, i) => {
    if (h && cells[i] !== undefined) out[h] = cells[i];
  });
  if (cells.length > header.length) out._extraCells = cells.slice(header.length);
  if (text !== undefined) out._raw = text;
  return out;
}

/** best-effort cells of a line that could not be read (for rawRecord): split on the delimiter, quotes dropped */
export function roughCells(text: string, delimiter: string): string[] {
  return text.split(delimiter).map((c) => c.replace(/^"|"$/g, ''));
}

/**
 * The strict check readTable applies by default once an adapter's HeaderFinder has found the
 * header in its rows: rows are given out one by one until then (so the header is known before the
 * next row), then checked in batches like StrictRows does.
 */
export async function* checkedAfterHeader<R extends { row: number; cells?: string[]; error?: string; raw?: unknown }>(
  batches: AsyncIterable<R[]>,
  format: ShapeFormat,
  label: string,
  note: (message: string) => void,
  delimiter = ',',
  /** shared with the CSV splitter's check, so records split after the header is known are checked too */
  state: { header?: string[] } = {},
): AsyncGenerator<R[]> {
  let header: string[] | undefined;
  const listen = (h: string[]) => (header ??= state.header = h);
  const check = (rows: R[]): R[] => {
    const out: R[] = [];
    for (const r of rows) {
      const c = checkOne(r, header!, format, label, note, delimiter);
      if (c) out.push(c);
    }
    return out;
  };
  for await (const b of batches) {
    if (header) {
      yield check(b);
      continue;
    }
    for (let i = 0; i < b.length; i++) {
      if (header) {
        yield check(b.slice(i));
        break;
      }
      const r = b[i]!;
      if (r.cells) headerListeners.set(r.cells, listen);
      yield [r];
    }
  }
}

function checkOne<R extends { row: number; cells?: string[]; error?: string; raw?: unknown }>(r: R, header: string[], format: ShapeFormat, label: string, note: (m: string) => void, delimiter: string): R | undefined {
  if (r.error !== undefined) {
    return typeof r.raw === 'string' ? { ...r, raw: rawRecord(header, roughCells(r.raw, delimiter), r.raw) } : r;
  }
  const cells = r.cells;
  if (!cells || cells.every((c) => c === '')) return r;
  if (isTotalRow(cells)) {
    note(`${label}!R${r.row}: a total row (${clip(cells.filter(Boolean).join(' '), 60)}) is not a service: skipped`);
    return undefined;
  }
  const fault = shapeFault(header, cells, format);
  if (fault) return { row: r.row, error: fault, raw: rawRecord(header, cells, typeof r.raw === 'string' ? r.raw : undefined) } as unknown as R;
  return r;
}

export interface StrictRow {
  row: number;
  cells?: string[];
  error?: string;
  raw?: unknown;
}

/**
 * Finds the header as rows go by and checks every row after it. `record` is the CSV splitter's
 * check (called synchronously while splitting); `row` checks one row; a skipped total row answers
 * undefined (after a note).
 */
export class StrictRows {
  header: string[] | undefined;
  private readonly finder: HeaderFinder;
  private fedUpTo = 0;
  /** rows above or in the header: passed on unchecked */
  private readonly headerLines = new Set<number>();

  constructor(
    opts: StrictOptions,
    private readonly format: ShapeFormat,
    private readonly note: (message: string) => void,
    private readonly label: string,
    private readonly skipTotals = opts.skipTotals ?? true,
    private readonly delimiter = ',',
  ) {
    this.finder = new HeaderFinder({ ...opts, onHeader: (h) => (this.header = h) });
  }

  /** feeds rows the splitter has already produced (so the header is known before the next record) */
  catchUp(rows: ReadonlyArray<{ line: number; cells?: string[] }>): void {
    if (this.header) return;
    for (const r of rows) this.feed(r.line, r.cells);
  }

  private feed(line: number, cells: string[] | undefined): void {
    if (line <= this.fedUpTo || this.header || !cells) return;
    this.fedUpTo = line;
    if (this.finder.feed(line, cells) === 'header') this.headerLines.add(line);
  }

  /** the CSV splitter's check for a record that spans lines or needed leniency */
  record(cells: string[], info: RecordInfo): boolean {
    if (!this.header) return true;
    return !info.lenient && cells.length === this.header.length;
  }

  /** a row checked against the header: the row, an error row, or undefined for a skipped total */
  row(r: StrictRow): StrictRow | undefined {
    if (r.error !== undefined || !r.cells) return this.header && typeof r.raw === 'string' ? { ...r, raw: rawRecord(this.header, roughCells(r.raw, this.delimiter), r.raw) } : r;
    this.feed(r.row, r.cells);
    if (!this.header || this.headerLines.has(r.row)) return r;
    const cells = r.cells;
    if (cells.every((c) => c === '')) return r;
    if (this.skipTotals && isTotalRow(cells)) {
      this.note(`${this.label}!R${r.row}: a total row (${clip(cells.filter(Boolean).join(' '), 60)}) is not a service: skipped`);
      return undefined;
    }
    const fault = shapeFault(this.header, cells, this.format);
    if (fault) return { row: r.row, error: fault, raw: rawRecord(this.header, cells, typeof r.raw === 'string' ? r.raw : undefined) };
    return r;
  }
}
