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
  /** quarantine rows whose values sit a column to the side although the cell count fits (default true; ShiftGuard) */
  shiftedRows?: boolean;
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
  let guard: ShiftGuard | undefined;
  const listen = (h: string[]) => (header ??= state.header = h);
  const check = (rows: R[]): R[] => {
    const out: R[] = [];
    for (const r of rows) {
      const c = checkOne(r, header!, format, label, note, delimiter);
      if (c) out.push(c);
    }
    return (guard ??= new ShiftGuard(header!)).push(out as StrictRow[]) as R[];
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
  if (guard) {
    const rest = guard.release() as R[];
    if (rest.length) yield rest;
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
    private readonly opts: StrictOptions,
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

  private guard: ShiftGuard | undefined;

  /**
   * A batch through the check: error rows for rows that do not fit (cell count, or values shifted
   * a column), totals dropped. Data rows may be held for a while (ShiftGuard): `end()` gives the rest.
   */
  rows(batch: readonly StrictRow[]): StrictRow[] {
    const out: StrictRow[] = [];
    let data: StrictRow[] = [];
    for (const r of batch) {
      const c = this.row(r);
      if (!c) continue;
      if (this.shifted && this.header && !this.headerLines.has(c.row)) data.push(c);
      else if (data.length) (out.push(...this.guardOf().push(data)), (data = []), out.push(c));
      else out.push(c);
    }
    if (data.length) out.push(...this.guardOf().push(data));
    return out;
  }

  /** the rows still held at the end of the table */
  end(): StrictRow[] {
    return this.guard ? this.guard.release() : [];
  }

  private get shifted(): boolean {
    return this.opts.shiftedRows ?? true;
  }

  private guardOf(): ShiftGuard {
    return (this.guard ??= new ShiftGuard(this.header!));
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

// ---- shifted rows: the right cell count, the values a column to the side ------------------------

/** a value's shape, as far as a column's kind goes: a link, a date, a code or number (no CJK), text */
type Shape = 'url' | 'date' | 'alnum' | 'text';
const SHAPES: readonly Shape[] = ['url', 'date', 'alnum', 'text'];
const SHAPE_WORD: Record<Shape, string> = { url: 'a link', date: 'a date', alnum: 'a code or number', text: 'text' };
const URLISH = /^(?:https?:\/\/|www\.|[a-z][a-z0-9+.-]*:\/\/|javascript:)/i;
const DATEISH = /^\d{4}[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;

export function shapeOf(v: string): Shape {
  return SHAPES[shapeIndex(v)]!;
}

/** shapeOf as an index into SHAPES (the hot path: one call per cell) */
function shapeIndex(v: string): number {
  const c0 = v.charCodeAt(0);
  // only a letter can start a link: most cells skip the regular expression
  if (((c0 | 32) >= 97 && (c0 | 32) <= 122) && URLISH.test(v)) return 0;
  if (c0 >= 48 && c0 <= 57 && v.length >= 6 && v.length <= 19 && DATEISH.test(v)) return 1;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // CJK and other wide text; full-width digits and letters are still a code (０００１３６…)
    if (c >= 0x2e80 && !(c >= 0xff10 && c <= 0xff5a)) return 3;
  }
  return 2;
}

/**
 * Finds rows whose cell count fits the header but whose values sit a column to the side (an empty
 * cell inserted and a trailing one dropped, a name split over two cells): a column's values have
 * a shape (a code column holds codes, a link column links), learnt from the rows themselves; a row
 * is shifted when at least two columns hold a shape that column never has, each of them a shape
 * the neighbour on one same side does have. Conservative on purpose: one odd value is data, not a
 * shift. The first `window` rows are held so every column's shape is known before any is judged;
 * after that each row is judged as it comes (memory stays flat).
 */
export class ShiftGuard {
  /** per column × shape: how many values the accepted rows had (column i, shape k at i * 4 + k) */
  private readonly counts: Int32Array;
  /** per column: non-empty values */
  private readonly totals: Int32Array;
  private readonly width: number;
  private held: StrictRow[] = [];
  private heldShapes: Int8Array[] = [];
  /** the shapes of the row being judged, once the window is past (reused) */
  private readonly scratch: Int8Array;
  private judging = false;
  private rowsCounted = 0;

  constructor(
    private readonly header: readonly string[],
    private readonly window = 500,
    /** a column needs this many non-empty values before its shape counts */
    private readonly minValues = 5,
  ) {
    this.width = header.length;
    this.counts = new Int32Array(this.width * SHAPES.length);
    this.totals = new Int32Array(this.width);
    this.scratch = new Int8Array(this.width);
  }

  /** rows in, rows out (in order; some held until the window is full) */
  push(rows: StrictRow[]): StrictRow[] {
    if (this.judging) {
      // judged as they come, nothing kept: one array of shapes serves every row
      for (let k = 0; k < rows.length; k++) rows[k] = this.judge(rows[k]!, this.shapes(rows[k]!, this.scratch), true);
      return rows;
    }
    for (const r of rows) {
      const sh = this.shapes(r);
      this.held.push(r);
      this.heldShapes.push(sh);
      this.count(sh, 1);
    }
    if (this.held.length < this.window) return [];
    return this.release();
  }

  /** the rows still held (at the end of the table) */
  release(): StrictRow[] {
    this.judging = true;
    const out = this.held.map((r, k) => this.judge(r, this.heldShapes[k]!, false));
    this.held = [];
    this.heldShapes = [];
    return out;
  }

  private static readonly NONE = new Int8Array(0);

  /** each cell's shape index (-1 empty); an empty array for rows that are not checked */
  private shapes(r: StrictRow, into?: Int8Array): Int8Array {
    const cells = r.cells;
    if (r.error !== undefined || !cells || cells.length < this.width) return ShiftGuard.NONE;
    const out = into ?? new Int8Array(this.width);
    for (let i = 0; i < this.width; i++) {
      const v = cells[i]!;
      out[i] = v === '' ? -1 : shapeIndex(v);
    }
    return out;
  }

  private count(sh: Int8Array, d: number): void {
    if (!sh.length) return;
    this.rowsCounted += d;
    for (let i = 0; i < this.width; i++) {
      const k = sh[i]!;
      if (k < 0) continue;
      this.counts[i * 4 + k]! += d;
      this.totals[i]! += d;
    }
  }

  /** `fresh`: the row is not in the counts yet (after the window) */
  private judge(r: StrictRow, sh: Int8Array, fresh: boolean): StrictRow {
    if (r.error !== undefined) return this.realigned(r);
    if (!sh.length) return r;
    if (!fresh) this.count(sh, -1); // judged against the other rows, not itself
    // the cheap pass: most rows have no odd value and no empty cell in a column always filled
    let suspect = false;
    const filledFrom = this.rowsCounted >= 20 ? 0.95 * this.rowsCounted : Infinity;
    for (let i = 0; i < this.width && !suspect; i++) {
      const k = sh[i]!;
      if (k < 0) suspect = this.totals[i]! >= filledFrom;
      else suspect = this.totals[i]! >= this.minValues && this.counts[i * 4 + k] === 0;
    }
    const fault = suspect ? this.shiftOf(r.cells!, sh) : undefined;
    if (fault) return { row: r.row, error: fault, raw: rawRecord(this.header, r.cells!, typeof r.raw === 'string' ? r.raw : undefined) };
    this.count(sh, 1);
    return r;
  }

  /**
   * A row with one cell too many stays quarantined, but its raw record is read the way the
   * column shapes say (the inserted cell left out), so a person (and the key) sees the right
   * fields: the cells under the header as read are kept in _asRead, the text in _raw.
   */
  private realigned(r: StrictRow): StrictRow {
    const raw = r.raw as Record<string, unknown> | undefined;
    const extra = raw?.['_extraCells'];
    const h = this.header;
    if (!raw || !Array.isArray(extra) || extra.length !== 1 || h.some((x) => !x) || new Set(h).size !== h.length) return r;
    const cells = [...h.map((x) => String(raw[x] ?? '')), String(extra[0] ?? '')];
    const fits: number[] = [];
    for (let k = 0; k < cells.length; k++) {
      let ok = true;
      for (let j = 0; j < h.length && ok; j++) {
        const v = cells[j < k ? j : j + 1]!;
        if (v !== '' && this.totals[j]! >= this.minValues && this.counts[j * 4 + shapeIndex(v)] === 0) ok = false;
      }
      if (ok) fits.push(k);
    }
    // no reading fits, or every one does (nothing learnt): leave the record as read
    if (!fits.length || fits.length === cells.length) return r;
    const lo = fits[0]!;
    const hi = fits[fits.length - 1]!;
    const out: Record<string, unknown> = {};
    h.forEach((x, j) => (out[x] = j < lo ? cells[j] : j >= hi ? cells[j + 1] : cells[j]));
    const which = fits.length === 1 ? `cell ${lo + 1} ("${clip(cells[lo]!, 30)}") looks inserted` : `one of cells ${lo + 1}–${hi + 1} looks inserted`;
    return { ...r, raw: { ...out, _realigned: `${which}: the fields after it are read one column back`, _asRead: Object.fromEntries(h.map((x) => [x, raw[x]])), _extraCells: extra, ...(raw['_raw'] !== undefined ? { _raw: raw['_raw'] } : {}) } };
  }

  /**
   * A shift moves every cell from where it starts to the row's end (right) or from the row's
   * start to where it ends (left): each non-empty cell in that span must have a shape the column
   * it came from has (or that column has too few values to say). One that does not contradicts it.
   */
  private wholeSpanMoved(sh: Int8Array, side: -1 | 1, first: number, last: number): boolean {
    const [from, to] = side < 0 ? [first, this.width - 1] : [0, last];
    for (let j = from; j <= to; j++) {
      const k = sh[j]!;
      const src = j + side;
      if (k < 0 || src < 0 || src >= this.width || this.totals[src]! < this.minValues) continue;
      if (this.counts[src * 4 + k] === 0) return false;
    }
    return true;
  }

  /** the column has values of this shape, and enough values to say so */
  private has(i: number, k: number): boolean {
    return i >= 0 && i < this.width && this.totals[i]! >= this.minValues && this.counts[i * 4 + k]! > 0;
  }

  /** nearly every row fills the column */
  private filled(i: number): boolean {
    return this.rowsCounted >= 20 && this.totals[i]! >= 0.95 * this.rowsCounted;
  }

  /**
   * For a shift to one side, two kinds of evidence: a value of a shape its column never has but
   * the neighbour it came from does (strong), and a column nearly always filled left empty while
   * its value sits in the next cell (weak). A shift needs one strong and two in all.
   */
  private shiftOf(cells: readonly string[], sh: Int8Array): string | undefined {
    const name = (k: number) => this.header[k] || colName(k);
    for (const side of [-1, 1] as const) {
      const seen: string[] = [];
      let strong = 0;
      let weak = 0;
      let first = -1;
      let last = -1;
      const at = (j: number) => ((first = first < 0 ? j : first), (last = j));
      for (let j = 0; j < this.width; j++) {
        const k = sh[j]!;
        if (k >= 0) {
          if (this.totals[j]! >= this.minValues && this.counts[j * 4 + k] === 0 && this.has(j + side, k)) {
            strong++;
            at(j);
            seen.push(`${name(j)} holds "${clip(cells[j]!, 30)}" (${SHAPE_WORD[SHAPES[k]!]}, like ${name(j + side)})`);
          }
        } else if (this.filled(j)) {
          const m = j - side >= 0 && j - side < this.width ? sh[j - side]! : -1;
          if (m >= 0 && this.has(j, m)) {
            weak++;
            at(j);
            seen.push(`${name(j)} is empty and its value seems to be in ${name(j - side)}`);
          }
        }
      }
      if (strong >= 1 && strong + weak >= 2 && this.wholeSpanMoved(sh, side, first, last)) {
        return `the values look shifted one column to the ${side < 0 ? 'right' : 'left'}: ${seen.slice(0, 3).join(', ')}; the cell count fits the header, so a cell was probably inserted and another dropped`;
      }
    }
    return undefined;
  }
}
