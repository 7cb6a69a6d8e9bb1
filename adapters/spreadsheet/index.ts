// spreadsheet: reads services and entry points from CSV, TSV and XLSX exports of a retiring app.
// Handles title rows above the header, multi-row and merged header cells, merged body cells,
// several sheets, Excel date serials, UTF-8 (with or without BOM) and GB18030; CSV is streamed so a
// million rows run in flat memory. Every row is kept: one it cannot read is quarantined with its
// locator (`services.xlsx#事项清单!R17`, `services.csv!R17`).
import { createReadStream, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import iconv from 'iconv-lite';
import type ExcelJS from 'exceljs';
import { defineAdapter, type AdapterMessage, type AdapterContext } from '../../src/extract/contract.js';
import { resolveIn } from '../../src/workspace/paths.js';
import { CompactKeySet } from '../../src/extract/hash.js';
import { CsvSplitter, type CsvRow } from '../../src/extract/csv.js';

const KINDS = ['web', 'deeplink', 'miniprogram', 'qrcode', 'appstore'] as const;

const EntryColumn = z
  .object({
    column: z.string().min(1).describe('the column holding the address'),
    kind: z.enum(KINDS).default('web'),
    label: z.string().optional().describe('the column whose value labels the entry point (e.g. 事项名称); default: the key'),
  })
  .strict();

const EntryPointColumns = z
  .object({
    address: z.string().optional().describe('column holding the address (URL, deep link, or appId:path); default: the key column'),
    kind: z.string().optional().describe('column holding the kind (web, deeplink, miniprogram, appstore, qrcode, or 网页/小程序/二维码 …)'),
    label: z.string().optional().describe('column holding a label'),
    serviceKey: z.string().optional().describe('column holding the key of the service (the services file\'s key column value)'),
    miniprogramAppId: z.string().optional().describe('column holding a mini-program appId'),
    miniprogramPath: z.string().optional().describe('column holding a mini-program page path'),
  })
  .strict();

const FileSpec = z
  .object({
    path: z.string().min(1).describe('relative to yimen.yaml'),
    stream: z.enum(['services', 'entryPoints', 'usage']).default('services'),
    sheet: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe('XLSX sheet name, a list of names, or "*" for every sheet; default: the first'),
    key: z.string().min(1).describe('the column whose value is the record key'),
    headerRow: z.number().int().positive().optional().describe('1-based; default: the first row that has the key column'),
    headerRows: z.number().int().min(1).max(5).default(1).describe('rows the header spans (multi-row headers: names joined with "/")'),
    encoding: z.enum(['auto', 'utf8', 'gb18030']).default('auto'),
    delimiter: z.string().length(1).optional().describe('default: tab for .tsv, comma otherwise'),
    entryPoints: z.array(EntryColumn).default([]).describe('columns holding old entry points of each service'),
    columns: EntryPointColumns.optional().describe('stream entryPoints: which columns hold address, kind, label, serviceKey'),
    kind: z.enum(KINDS).optional().describe('stream entryPoints: the kind when there is no kind column (default web)'),
    dates: z.array(z.string()).default([]).describe('columns whose Excel date serials (e.g. 45292) become ISO dates'),
    fillDown: z.array(z.string()).default([]).describe('columns whose empty cells take the value above (merged cells flattened in a CSV)'),
    maxBytes: z.number().int().positive().optional().describe('refuse a larger file (default 4 GB for CSV, 200 MB for XLSX)'),
  })
  .strict();

export const SpreadsheetConfig = z.object({ files: z.array(FileSpec).min(1) }).strict();
export type SpreadsheetConfig = z.infer<typeof SpreadsheetConfig>;
type FileSpec = z.infer<typeof FileSpec>;

const CSV_MAX_BYTES = 4 * 1024 ** 3;
const XLSX_MAX_BYTES = 200 * 1024 ** 2;
/** a record longer than this (in characters) is quarantined: guards against a runaway quote */
const MAX_RECORD_CHARS = 1_000_000;

/** Valid UTF-8 wins; otherwise GB18030 (a superset of GBK that keeps 4-byte characters). */
export function detectEncoding(sample: Buffer): 'utf8' | 'gb18030' {
  // a sample cut mid-character must not count against UTF-8: drop an incomplete tail
  let end = sample.length;
  for (let i = 1; i <= 3 && i <= end; i++) {
    const b = sample[end - i]!;
    if ((b & 0xc0) === 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (i < need) end -= i;
      break;
    }
    if ((b & 0xc0) !== 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

function readSample(file: string, bytes = 256 * 1024): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Excel's 1900 date system (with its 1900-02-29 that never was): serial → YYYY-MM-DD */
export function excelSerialToDate(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return undefined;
  const days = Math.floor(serial) - (serial >= 60 ? 1 : 0);
  const d = new Date(Date.UTC(1899, 11, 31) + days * 86400000);
  return d.toISOString().slice(0, 10);
}

function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

const clean = (v: unknown): string => {
  if (v == null) return '';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; richText?: Array<{ text: string }>; result?: unknown; hyperlink?: string; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('').trim();
    if (o.text !== undefined) return clean(o.text);
    if (o.result !== undefined) return clean(o.result);
    if (o.hyperlink) return o.hyperlink;
    if (o.error) return '';
    return '';
  }
  return cleanText(typeof v === 'string' ? v : String(v));
};

/** trims and drops a BOM; returns the same string when there is nothing to do (the common case) */
function cleanText(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const z = s.charCodeAt(n - 1);
  if (a > 32 && a !== 0xfeff && a !== 0x3000 && a !== 0xa0 && z > 32 && z !== 0x3000 && z !== 0xa0) return s;
  return s.replace(/^\uFEFF/, '').trim();
}

interface Row {
  row: number;
  cells: string[];
  /** hyperlinks behind cells (XLSX), by column index */
  links?: Array<string | undefined>;
}
type RowOrError = Row | { row: number; error: string; raw?: unknown; incomplete?: boolean };

/** rows of a CSV/TSV, a batch per chunk read (one async step per chunk, not per row) */
async function* rowsOfCsv(file: string, spec: FileSpec, ctx: AdapterContext): AsyncGenerator<RowOrError[]> {
  const enc = spec.encoding === 'auto' ? detectEncoding(readSample(file)) : spec.encoding;
  if (spec.encoding === 'auto') ctx.log.info(`${basename(file)}: decoded as ${enc === 'utf8' ? 'UTF-8' : 'GB18030'}`);
  const delimiter = spec.delimiter ?? (extname(file).toLowerCase() === '.tsv' ? '\t' : ',');
  const input = createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(iconv.decodeStream(enc));
  const splitter = new CsvSplitter({ delimiter, maxRecordChars: MAX_RECORD_CHARS });
  const convert = (rows: CsvRow[]): RowOrError[] => {
    const out: RowOrError[] = new Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      if ('error' in r) {
        out[k] = { row: r.line, error: `unreadable CSV record: ${r.error}` };
        continue;
      }
      const cells = r.cells;
      for (let i = 0; i < cells.length; i++) cells[i] = cleanText(cells[i]!);
      out[k] = { row: r.line, cells };
    }
    return out;
  };
  for await (const chunk of input as AsyncIterable<string>) {
    const rows = splitter.push(chunk);
    if (rows.length) yield convert(rows);
  }
  const last = splitter.end();
  if (last.length) yield convert(last);
}

async function loadWorkbook(file: string): Promise<ExcelJS.Workbook> {
  // exceljs is loaded on first use: every command imports the adapters, few read XLSX
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new Error(`${basename(file)} is not a readable XLSX workbook: ${(e as Error).message}`);
  }
  return wb;
}

function sheetsOf(wb: ExcelJS.Workbook, spec: FileSpec, file: string): ExcelJS.Worksheet[] {
  const names = wb.worksheets.map((w) => w.name);
  if (spec.sheet === undefined) {
    const first = wb.worksheets[0];
    if (!first) throw new Error(`${basename(file)} has no sheets`);
    return [first];
  }
  if (spec.sheet === '*') return wb.worksheets;
  const wanted = Array.isArray(spec.sheet) ? spec.sheet : [spec.sheet];
  return wanted.map((n) => {
    const ws = wb.getWorksheet(n);
    if (!ws) throw new Error(`${basename(file)}: sheet "${n}" not found; sheets: ${names.join(', ')}`);
    return ws;
  });
}

function* rowsOfSheet(ws: ExcelJS.Worksheet): Generator<RowOrError[]> {
  let batch: RowOrError[] = [];
  const cols = ws.columnCount;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    const links: Array<string | undefined> = [];
    let anyLink = false;
    try {
      for (let c = 1; c <= cols; c++) {
        // a merged cell reads its master's value (exceljs), so merged header and body cells repeat
        const cell = row.getCell(c);
        cells.push(clean(cell.value));
        const h = (cell.value as { hyperlink?: string } | null)?.hyperlink ?? (cell as { hyperlink?: string }).hyperlink;
        links.push(h || undefined);
        if (h) anyLink = true;
      }
    } catch (e) {
      batch.push({ row: r, error: `unreadable row: ${(e as Error).message}` });
      continue;
    }
    batch.push(anyLink ? { row: r, cells, links } : { row: r, cells });
    if (batch.length >= 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

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

function keyIndex(header: string[], key: string): number {
  const exact = header.indexOf(key);
  if (exact >= 0) return exact;
  // in a multi-row header the key may name one part ("基本信息/事项编号" for key 事项编号)
  return header.findIndex((h) => h.split('/').includes(key));
}

/**
 * Turns a sheet's rows, batch by batch, into messages: finds the header, then makes a record (or a
 * quarantine entry) of each row. Synchronous per batch, so a row costs no async step of its own.
 */
function rowProcessor(spec: FileSpec, label: string, ctx: AdapterContext, seen: CompactKeySet, opts: { optional: boolean }) {
  let header: string[] | undefined;
  let keyAt = -1;
  const fillIdx: number[] = [];
  const dateIdx: number[] = [];
  const last: string[] = [];
  const N = spec.headerRows;
  const isKey = (c: string) => c === spec.key || c.replace(/\s+/g, '') === spec.key;
  // header detection: rows before the key row (for a key in the bottom header row), the key row,
  // and rows after it that repeat the key (a key cell merged down through the header)
  const before: string[][] = [];
  let block: string[][] | undefined;
  let keyCol = -1;
  const setHeader = (rowsOfHeader: string[][], locator: string) => {
    header = combineHeader(rowsOfHeader);
    keyAt = keyIndex(header, spec.key);
    if (keyAt < 0) throw new Error(`${locator}: the header has no column "${spec.key}" (columns: ${header.filter(Boolean).join(', ')})`);
    // the key column is called by its configured name, whatever its header says around it
    header[keyAt] = spec.key;
    for (const c of spec.fillDown) {
      const i = keyIndex(header, c);
      if (i < 0) ctx.log.warn(`${label}: fillDown column "${c}" is not in the header`);
      else fillIdx.push(i);
    }
    for (const c of spec.dates) {
      const i = keyIndex(header, c);
      if (i < 0) ctx.log.warn(`${label}: dates column "${c}" is not in the header`);
      else dateIdx.push(i);
    }
    for (const ep of spec.entryPoints) if (keyIndex(header, ep.column) < 0) ctx.log.warn(`${label}: entry point column "${ep.column}" is not in the header`);
    if (spec.stream === 'entryPoints') {
      for (const c of Object.values(spec.columns ?? {})) if (c && keyIndex(header, c) < 0) ctx.log.warn(`${label}: column "${c}" is not in the header`);
    }
  };
  let n = 0;
  function* rows(batch: RowOrError[]): Generator<AdapterMessage> {
    for (const r of batch) {
      n++;
      const locator = `${label}!R${r.row}`;
      if ('error' in r) {
        yield { type: 'quarantine', stream: spec.stream, locator, reason: r.error, raw: r.raw, ...(r.incomplete ? { incomplete: true } : {}) };
        continue;
      }
      if (!header) {
        if (spec.headerRow) {
          if (r.row < spec.headerRow) continue;
          (block ??= []).push(r.cells);
          if (block.length === N) setHeader(block, locator);
          continue;
        }
        if (block) {
          if (block.length < N && isKey(r.cells[keyCol] ?? '')) {
            block.push(r.cells);
            if (block.length === N) setHeader(block, locator);
            continue;
          }
          // the key row was the bottom header row: the rows above it complete the header
          setHeader([...before.slice(before.length - (N - block.length)), ...block], locator);
          // and this row is the first data row: fall through
        } else {
          const k = r.cells.findIndex(isKey);
          if (k < 0) {
            before.push(r.cells);
            if (before.length > N) before.shift();
            continue; // title rows above the header
          }
          keyCol = k;
          block = [r.cells];
          if (N === 1) setHeader(block, locator);
          continue;
        }
      }
      if (!header) continue;
      const cells = r.cells;
      if (cells.every((c) => c === '')) continue;
      for (const i of fillIdx) {
        if (cells[i]) last[i] = cells[i]!;
        else if (last[i]) cells[i] = last[i]!;
      }
      for (const i of dateIdx) {
        const v = cells[i];
        if (v && /^\d+(\.\d+)?$/.test(v)) cells[i] = excelSerialToDate(Number(v)) ?? v;
      }
      if (cells.length > header!.length && cells.slice(header!.length).some((c) => c !== '')) {
        yield { type: 'quarantine', stream: spec.stream, locator, reason: `${cells.length} cells but the header has ${header.length}`, raw: cells };
        continue;
      }
      const data: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) {
        const h = header[i];
        if (h) data[h] = cells[i] ?? '';
      }
      const keyValue = (cells[keyAt] ?? '').trim();
      if (!keyValue) {
        yield { type: 'quarantine', stream: spec.stream, locator, reason: `empty key column "${spec.key}"`, raw: data };
        continue;
      }
      if (spec.stream === 'entryPoints') {
        yield* entryPointRow(spec, header, cells, data, keyValue, locator, seen);
        continue;
      }
      if (!seen.add(keyValue)) {
        yield { type: 'quarantine', stream: spec.stream, locator, reason: `duplicate key "${keyValue}" in column "${spec.key}"`, raw: data };
        continue;
      }
      yield { type: 'record', stream: spec.stream, key: keyValue, locator, data };
      for (const ep of spec.entryPoints) {
        const i = keyIndex(header, ep.column);
        if (i < 0) continue;
        const address = (r.links?.[i] ?? cells[i] ?? '').trim();
        if (!address) continue;
        const li = ep.label ? keyIndex(header, ep.label) : -1;
        const epLabel = li >= 0 ? cells[li] : keyValue;
        yield {
          type: 'record',
          stream: 'entryPoints',
          key: `${ep.kind} ${address}`,
          locator: `${locator}/${ep.column}`,
          data: { kind: ep.kind, address, label: epLabel || keyValue, ...(spec.stream === 'services' ? { serviceKey: keyValue } : {}) },
        };
      }
    }
  }
  function* end(): Generator<AdapterMessage> {
    if (!header && block) setHeader([...before.slice(before.length - (N - block.length)), ...block], `${label}!end`);
    if (!header) {
      if (opts.optional) {
        ctx.log.warn(`${label}: no header row with the key column "${spec.key}": sheet skipped`);
        return;
      }
      yield {
        type: 'quarantine',
        stream: spec.stream,
        locator: label,
        reason: `no header row with the key column "${spec.key}" found (${n} rows read): check key and headerRow`,
        incomplete: true,
      };
    }
  }
  return { rows, end, header: () => header };
}

function* entryPointRow(
  spec: FileSpec,
  header: string[],
  cells: string[],
  row: Record<string, unknown>,
  keyValue: string,
  locator: string,
  seen: CompactKeySet,
): Generator<AdapterMessage> {
  const col = (name: string | undefined) => {
    if (!name) return undefined;
    const i = keyIndex(header, name);
    return i < 0 ? undefined : (cells[i] ?? '').trim() || undefined;
  };
  const c = spec.columns ?? {};
  const kind = col(c.kind) ?? spec.kind ?? 'web';
  let address = c.address ? col(c.address) : keyValue;
  const mpApp = col(c.miniprogramAppId);
  const mpPath = col(c.miniprogramPath);
  if (!address && mpApp) address = `${mpApp}:${mpPath ?? '/'}`;
  if (!address) {
    yield { type: 'quarantine', stream: 'entryPoints', locator, reason: `empty address column "${c.address}"`, raw: row };
    return;
  }
  const key = `${kind} ${address}`;
  if (!seen.add(key)) {
    yield { type: 'quarantine', stream: 'entryPoints', locator, reason: `duplicate entry point ${key}`, raw: row };
    return;
  }
  const data: Record<string, unknown> = { kind, address };
  const label = col(c.label);
  if (label) data.label = label;
  const serviceKey = col(c.serviceKey);
  if (serviceKey) data.serviceKey = serviceKey;
  if (mpApp) data.miniprogram = { appId: mpApp, path: mpPath ?? '/' };
  data.row = row;
  yield { type: 'record', stream: 'entryPoints', key, locator, data };
}

type Part = { msg: AdapterMessage } | { batches: AsyncIterable<RowOrError[]> | Iterable<RowOrError[]>; proc: ReturnType<typeof rowProcessor> };

/** a file's parts: one per sheet (a CSV is one sheet), or a message when the file cannot be read */
async function* partsOf(spec: FileSpec, ctx: AdapterContext): AsyncGenerator<Part> {
  const file = resolveIn(ctx.root, spec.path);
  if (!existsSync(file)) throw new Error(`file not found: ${spec.path}`);
  const isXlsx = /\.xlsx$/i.test(file);
  const size = statSync(file).size;
  const max = spec.maxBytes ?? (isXlsx ? XLSX_MAX_BYTES : CSV_MAX_BYTES);
  if (size > max) throw new Error(`${spec.path} is ${size} bytes, over the limit of ${max} (maxBytes)`);
  const seen = new CompactKeySet();
  if (!isXlsx) {
    yield { batches: rowsOfCsv(file, spec, ctx), proc: rowProcessor(spec, basename(file), ctx, seen, { optional: false }) };
    return;
  }
  let wb: ExcelJS.Workbook;
  let sheets: ExcelJS.Worksheet[];
  try {
    wb = await loadWorkbook(file);
    sheets = sheetsOf(wb, spec, file);
  } catch (e) {
    // a damaged workbook or a missing sheet: say so, keep everything read before, remove nothing
    yield { msg: { type: 'quarantine', stream: spec.stream, locator: basename(file), reason: (e as Error).message, incomplete: true } };
    return;
  }
  for (const ws of sheets) {
    yield { batches: rowsOfSheet(ws), proc: rowProcessor(spec, `${basename(file)}#${ws.name}`, ctx, seen, { optional: spec.sheet === '*' }) };
  }
}

export const spreadsheetAdapter = defineAdapter<SpreadsheetConfig>({
  name: 'spreadsheet',
  version: '0.2.0',
  streams: ['services', 'entryPoints', 'usage'],
  description: 'CSV, TSV and XLSX exports: title rows, multi-row and merged headers, several sheets, UTF-8 / GB18030, entry points from columns',
  spec: SpreadsheetConfig,
  async check(config, ctx) {
    for (const f of config.files) {
      const file = resolveIn(ctx.root, f.path);
      if (!existsSync(file)) return { ok: false, reason: `file not found: ${f.path}`, hint: 'paths are relative to yimen.yaml' };
      const size = statSync(file).size;
      const isXlsx = /\.xlsx$/i.test(file);
      const max = f.maxBytes ?? (isXlsx ? XLSX_MAX_BYTES : CSV_MAX_BYTES);
      if (size > max) return { ok: false, reason: `${f.path} is ${size} bytes, over the limit of ${max}`, hint: 'raise maxBytes for this file, or split it' };
      // read down to the header: a wrong key or sheet shows here, not as a quarantined file later
      const quiet: AdapterContext = { ...ctx, log: { info() {}, warn() {} } };
      for await (const part of partsOf(f, quiet)) {
        if ('msg' in part) {
          const m = part.msg as { reason?: string };
          return { ok: false, reason: m.reason ?? 'unreadable', hint: 'check the sheet names in yimen.yaml against the workbook' };
        }
        let seenRows = 0;
        let firstRow: string[] | undefined;
        for await (const batch of part.batches as AsyncIterable<RowOrError[]>) {
          // the widest early row is most likely the header the engineer means
          for (const r of batch) {
            if (seenRows > 50 || !('cells' in r)) continue;
            const filled = r.cells.filter((c) => c);
            if (filled.length > (firstRow?.length ?? 0)) firstRow = filled;
          }
          for (const _ of part.proc.rows(batch)) {
            // only the header matters here
          }
          seenRows += batch.length;
          if (part.proc.header() || seenRows >= 2000) break;
        }
        if (!part.proc.header() && f.sheet !== '*') {
          return {
            ok: false,
            reason: `${f.path}: no header row with the key column "${f.key}" in the first ${seenRows} rows${firstRow ? ` (the widest of the first rows has: ${firstRow.slice(0, 10).join(', ')})` : ''}`,
            hint: 'set key to the exact column name, or headerRow to the header\'s row number',
          };
        }
      }
    }
    return { ok: true, message: `${config.files.length} file(s) readable, headers found` };
  },
  async discover(config) {
    const streams = new Set<string>(config.files.map((f) => f.stream));
    if (config.files.some((f) => f.entryPoints.length)) streams.add('entryPoints');
    return [...streams].map((name) => ({ name, primaryKey: name === 'entryPoints' ? ['kind', 'address'] : ['key'] }));
  },
  async *read(config, ctx) {
    for (const f of config.files) {
      for await (const part of partsOf(f, ctx)) {
        if ('msg' in part) {
          yield part.msg;
          continue;
        }
        for await (const batch of part.batches as AsyncIterable<RowOrError[]>) {
          if (ctx.signal?.aborted) return;
          for (const m of part.proc.rows(batch)) yield m;
        }
        for (const m of part.proc.end()) yield m;
      }
    }
  },
});

export default spreadsheetAdapter;
