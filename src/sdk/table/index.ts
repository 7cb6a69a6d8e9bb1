// The one table reader (`ctx.readTable`): CSV, TSV and XLSX, as batches of rows of strings. CSV is
// streamed (a million rows in flat memory) and decoded as UTF-8 (with or without BOM) or GB18030,
// detected; XLSX reads one, several or every sheet, merged cells repeating their master's value and
// hyperlinks kept beside the cells. A row that cannot be read comes out as an error row with its
// number, and reading goes on. Finding the header is HeaderFinder's job (./header.ts).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import iconv from 'iconv-lite';
import { YimenError, ExitCode } from '../../errors.js';
import { cleanText } from '../../text/index.js';
import { CsvSplitter, type CsvRow, type RecordInfo } from './csv.js';
import { StrictRows, checkedAfterHeader, type StrictOptions, type StrictRow } from './strict.js';
import { detectEncoding, readSample, type TextEncoding } from './encoding.js';
import { Gb18030Decoder, hasNativeGb18030 } from './gb18030.js';
import { readXlsx } from './xlsx.js';

export interface TableRow {
  /** 1-based row (CSV: the line the record starts on) */
  row: number;
  cells: string[];
  /** the record's text as it stood in the file (CSV, strict reading) */
  raw?: string;
  /** hyperlinks behind cells (XLSX), by column index */
  links?: Array<string | undefined>;
}
export interface TableRowError {
  row: number;
  error: string;
  raw?: unknown;
  /** the rest of the sheet could not be read */
  incomplete?: boolean;
}
export type TableRowOrError = TableRow | TableRowError;

export interface TableOptions {
  /** XLSX: a sheet name, a list of names, or "*" for every sheet; default: the first */
  sheet?: string | string[];
  /** CSV/TSV: 'auto' (default) detects UTF-8 or GB18030 */
  encoding?: 'auto' | TextEncoding;
  /** CSV: default tab for .tsv, comma otherwise */
  delimiter?: string;
  /** refuse a larger file (default 4 GB for CSV, 200 MB for XLSX) */
  maxBytes?: number;
  /** XLSX caps (docs/hardening.md): the expanded size of the workbook and of one part, rows per sheet, characters per cell */
  maxExpandedBytes?: number;
  maxPartBytes?: number;
  maxRows?: number;
  maxCellChars?: number;
  /** how the file is named in messages (default: the path as given) */
  display?: string;
  /** told which encoding a CSV was decoded as, and of skipped total rows */
  onInfo?: (message: string) => void;
  /**
   * Strict reading (./strict.ts): the header is found by its key column, and every row after it
   * must fit it: a row with another cell count (CSV) or a cell beyond the last column (XLSX) is an
   * error row with both counts and its raw text; a quote never closed gives up its own line only;
   * 合计/小计/总计 rows are skipped with a note. Header rows still come out, as they are.
   * Without it the same check starts once an adapter's HeaderFinder has found the header in the
   * rows read (rows come one by one until then); `false` turns every check off.
   */
  strict?: StrictOptions | false;
}

export interface TableSheet {
  /** the file's name, and `#sheet` for an XLSX sheet: the start of every row's locator */
  label: string;
  sheet?: string;
  /** rows in batches (one async step per batch, not per row) */
  batches: AsyncIterable<TableRowOrError[]>;
}

export const CSV_MAX_BYTES = 4 * 1024 ** 3;
export const XLSX_MAX_BYTES = 200 * 1024 ** 2;
/** CSV is read from the file this many bytes at a time; its rows are yielded a read at a time */
export const CSV_READ_BYTES = 256 * 1024;
/**
 * ... and decoded in pieces this size: a piece decodes to a string under 128 KB (at most two bytes
 * of UTF-16 per byte read), which V8 keeps in its young generation. A larger string goes to the
 * large-object space, each one mapped and freed on its own: decoding a GB18030 export 256 KiB at a
 * time cost three times the CPU (bench/extract), most of it there and in the collections it set off.
 */
export const CSV_DECODE_BYTES = 32 * 1024;
/** a record longer than this (in characters) is an error row: guards against a runaway quote */
const MAX_RECORD_CHARS = 1_000_000;

export const isXlsx = (file: string) => /\.xlsx$/i.test(file);

/**
 * The decoder a CSV is read through: GB18030 by the native decoder where it gives iconv-lite's text
 * (./gb18030.ts; iconv-lite alone on a Node without it), UTF-8 as iconv-lite's decodeStream does
 * (a BOM dropped), without a stream between
 */
export function csvDecoder(enc: TextEncoding, native = hasNativeGb18030()): { write(bytes: Buffer): string; end(): string | undefined } {
  return enc === 'gb18030' && native ? new Gb18030Decoder() : iconv.getDecoder(enc);
}

/**
 * A file missing or over its size limit throws E_TABLE_NOT_FOUND / E_TABLE_TOO_LARGE; a workbook
 * that cannot be opened, or a sheet it does not have, throws E_TABLE_UNREADABLE (the caller decides
 * whether that stops a read or is quarantined).
 */
export function checkTableFile(file: string, opts: Pick<TableOptions, 'maxBytes' | 'display'> = {}): number {
  const shown = opts.display ?? file;
  if (!existsSync(file)) throw new YimenError('E_TABLE_NOT_FOUND', `file not found: ${shown}`, { hint: 'paths are relative to yimen.yaml', exitCode: ExitCode.usage });
  const size = statSync(file).size;
  const max = opts.maxBytes ?? (isXlsx(file) ? XLSX_MAX_BYTES : CSV_MAX_BYTES);
  if (size > max) throw new YimenError('E_TABLE_TOO_LARGE', `${shown} is ${size} bytes, over the limit of ${max} (maxBytes)`, { hint: 'raise maxBytes for this file, or split it' });
  return size;
}

/** the sheets of a table file (a CSV is one sheet), each a stream of row batches */
export async function readTable(file: string, opts: TableOptions = {}): Promise<TableSheet[]> {
  checkTableFile(file, opts);
  if (!isXlsx(file)) {
    if (opts.strict !== undefined) return [{ label: basename(file), batches: rowsOfCsv(file, opts) }];
    // the default: checked once the adapter's HeaderFinder has found the header
    const state: { header?: string[] } = {};
    const label = basename(file);
    return [{ label, batches: checkedAfterHeader(rowsOfCsv(file, opts, state), 'csv', label, (m) => opts.onInfo?.(m), csvDelimiter(file, opts), state) }];
  }
  return readXlsx(file, opts);
}

/** a batch through the strict check: error rows for rows that do not fit, totals dropped (some rows held: StrictRows.end) */
function checkBatch(batch: TableRowOrError[], strict: StrictRows): TableRowOrError[] {
  return strict.rows(batch as StrictRow[]) as TableRowOrError[];
}

/** rows of a CSV/TSV, a batch per chunk read */
function csvDelimiter(file: string, opts: TableOptions): string {
  return opts.delimiter ?? (extname(file).toLowerCase() === '.tsv' ? '\t' : ',');
}

async function* rowsOfCsv(file: string, opts: TableOptions, shared?: { header?: string[] }): AsyncGenerator<TableRowOrError[]> {
  const auto = (opts.encoding ?? 'auto') === 'auto';
  const enc: TextEncoding = auto ? detectEncoding(readSample(file)) : (opts.encoding as TextEncoding);
  if (auto) opts.onInfo?.(`${basename(file)}: decoded as ${enc === 'utf8' ? 'UTF-8' : 'GB18030'}`);
  const delimiter = csvDelimiter(file, opts);
  const input = createReadStream(file, { highWaterMark: CSV_READ_BYTES });
  const decoder = csvDecoder(enc);
  const strict = opts.strict ? new StrictRows(opts.strict, 'csv', (m) => opts.onInfo?.(m), basename(file), true, delimiter) : undefined;
  // strict: the splitter asks about records that span lines, so the header must be known by then:
  // rows split so far are fed to the header finder first
  let out: CsvRow[] = [];
  const splitter = new CsvSplitter({
    delimiter,
    maxRecordChars: MAX_RECORD_CHARS,
    raw: opts.strict !== false,
    ...(strict
      ? { check: (cells: string[], info: RecordInfo) => (strict.catchUp(out), strict.record(cells, info)) }
      : shared
        ? { check: (cells: string[], info: RecordInfo) => !shared.header || (!info.lenient && cells.length === shared.header.length) }
        : {}),
  });
  const convert = (rows: CsvRow[]): TableRowOrError[] => {
    const res: TableRowOrError[] = new Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      if ('error' in r) {
        res[k] = { row: r.line, error: `unreadable CSV record: ${r.error}`, ...(r.raw !== undefined ? { raw: r.raw } : {}) };
        continue;
      }
      const cells = r.cells;
      for (let i = 0; i < cells.length; i++) cells[i] = cleanText(cells[i]!, { inner: 'keep' });
      res[k] = r.raw !== undefined ? { row: r.line, cells, raw: r.raw } : { row: r.line, cells };
    }
    return strict ? checkBatch(res, strict) : res;
  };
  for await (const bytes of input as AsyncIterable<Buffer>) {
    out = [];
    for (let at = 0; at < bytes.length; at += CSV_DECODE_BYTES) {
      const text = decoder.write(bytes.subarray(at, at + CSV_DECODE_BYTES));
      if (text) splitter.push(text, out);
    }
    if (out.length) {
      const rows = convert(out);
      if (rows.length) yield rows;
    }
  }
  out = [];
  const tail = decoder.end();
  if (tail) splitter.push(tail, out);
  splitter.end(out);
  const last = out.length ? convert(out) : [];
  // rows the shifted-row check still holds come out last, in order
  const rest = strict ? [...last, ...(strict.end() as TableRowOrError[])] : last;
  if (rest.length) yield rest;
}

function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/** an XLSX cell's value as text: rich text joined, a formula's result, a hyperlink's text, a date as ISO */
export function cellText(v: unknown): string {
  if (v == null) return '';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; richText?: Array<{ text: string }>; result?: unknown; hyperlink?: string; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('').trim();
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
    if (o.hyperlink) return o.hyperlink;
    return '';
  }
  return cleanText(typeof v === 'string' ? v : String(v), { inner: 'keep' });
}

export { combineHeader, columnIndex, HeaderFinder, type HeaderOptions } from './header.js';
export { detectEncoding, type TextEncoding } from './encoding.js';
export { StrictRows, shapeFault, isTotalRow, type StrictOptions, type ShapeFormat } from './strict.js';
export { CsvSplitter, csvRows, splitCsv, type CsvRow, type CsvOptions } from './csv.js';
