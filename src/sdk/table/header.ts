// Finding a table's header the way exports put it: title rows above it, a header spanning several
// rows (merged cells repeat their value), the key column's cell merged down through the header.

/**
 * Readers that want to know when an adapter's HeaderFinder has found the header of the rows they
 * gave out (readTable's strict check, ./strict.ts): keyed by a row's cells array, which the finder
 * receives as it was read.
 */
// one registry per process, even when the SDK is loaded twice (an adapter importing `yimen/sdk`
// from the build while the host runs from source)
const REGISTRY = Symbol.for('yimen.sdk.table.headerListeners');
type Listeners = WeakMap<readonly string[], (header: string[]) => void>;
export const headerListeners: Listeners = ((globalThis as Record<symbol, unknown>)[REGISTRY] ??= new WeakMap()) as Listeners;

/** Combines header rows into column names: distinct non-empty parts, top to bottom, joined by "/". */
export function combineHeader(rows: string[][]): string[] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const out: string[] = [];
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (const r of rows) {
      const v = (r[c] ?? '').replace(/\s+/g, ' ').trim();
      if (v && parts[parts.length - 1] !== v) parts.push(v);
    }
    out.push(parts.join('/'));
  }
  // two columns with the same name: the later one gets a suffix, so no value is overwritten
  const count = new Map<string, number>();
  return out.map((h) => {
    if (!h) return h;
    const n = (count.get(h) ?? 0) + 1;
    count.set(h, n);
    return n === 1 ? h : `${h}#${n}`;
  });
}

/** the index of a column by name; in a multi-row header the name may be one part ("基本信息/事项编号") */
export function columnIndex(header: string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  return header.findIndex((h) => h.split('/').includes(name));
}

export interface HeaderOptions {
  /** a cell naming the key column: the header is the first row holding one */
  isKey(cell: string): boolean;
  /** more a header row must have (e.g. a name column beside the code column) */
  isHeader?(cells: string[]): boolean;
  /** 1-based row of the header's first row; default: found by the key column */
  headerRow?: number;
  /** rows the header spans (default 1) */
  headerRows?: number;
  /** called once with the combined column names, and the locator of the row that completed them */
  onHeader(header: string[], row: number): void;
}

/**
 * Feeds a table's rows until the header is known: `feed` answers 'header' for rows above or in the
 * header, 'data' for every row after it (the row that shows the header has ended included).
 */
export class HeaderFinder {
  header: string[] | undefined;
  private readonly n: number;
  // rows before the key row (for a key in the bottom header row), the key row, and rows after it
  // that repeat the key (a key cell merged down through the header)
  private readonly before: string[][] = [];
  private block: string[][] | undefined;
  private keyCol = -1;

  constructor(private readonly opts: HeaderOptions) {
    this.n = opts.headerRows ?? 1;
  }

  private set(rows: string[][], row: number): void {
    this.header = combineHeader(rows);
    for (const r of rows) headerListeners.get(r)?.([...this.header]);
    this.opts.onHeader(this.header, row);
  }

  private withAbove(): string[][] {
    const need = this.n - this.block!.length;
    return [...(need > 0 ? this.before.slice(Math.max(0, this.before.length - need)) : []), ...this.block!];
  }

  feed(row: number, cells: string[]): 'header' | 'data' {
    if (this.header) return 'data';
    const { isKey, isHeader, headerRow } = this.opts;
    if (headerRow) {
      if (row < headerRow) return 'header';
      (this.block ??= []).push(cells);
      if (this.block.length === this.n) this.set(this.block, row);
      return 'header';
    }
    if (this.block) {
      if (this.block.length < this.n && isKey(cells[this.keyCol] ?? '')) {
        this.block.push(cells);
        if (this.block.length === this.n) this.set(this.block, row);
        return 'header';
      }
      // the key row was the bottom header row: the rows above it complete the header, and this
      // row is the first data row
      this.set(this.withAbove(), row);
      return 'data';
    }
    const k = cells.findIndex(isKey);
    if (k < 0 || (isHeader && !isHeader(cells))) {
      this.before.push(cells);
      if (this.before.length > this.n) this.before.shift();
      return 'header'; // title rows above the header
    }
    this.keyCol = k;
    this.block = [cells];
    if (this.n === 1) this.set(this.block, row);
    return 'header';
  }

  /** at the end of the table: a header still being collected is the header */
  finish(row: number): string[] | undefined {
    if (!this.header && this.block) this.set(this.withAbove(), row);
    return this.header;
  }
}
