// spreadsheet: reads services and entry points from CSV, TSV and XLSX exports of a retiring app.
// Handles title rows above the header, UTF-8 (with or without BOM) and GB18030, and keeps every row:
// one it cannot read is quarantined with its locator (`services.xlsx#事项清单!R17`).
import { createReadStream, existsSync, openSync, readSync, closeSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { defineAdapter, type AdapterMessage, type AdapterContext } from '../../src/extract/contract.js';
import { resolveIn } from '../../src/workspace/paths.js';

const EntryColumn = z.object({
  column: z.string().min(1),
  kind: z.enum(['web', 'deeplink', 'qrcode', 'appstore']).default('web'),
});

const FileSpec = z
  .object({
    path: z.string().min(1).describe('relative to yimen.yaml'),
    stream: z.enum(['services', 'entryPoints', 'usage']).default('services'),
    sheet: z.string().optional().describe('XLSX sheet name; default: the first'),
    key: z.string().min(1).describe('the column whose value is the record key'),
    headerRow: z.number().int().positive().optional().describe('1-based; default: the first row that has the key column'),
    encoding: z.enum(['auto', 'utf8', 'gb18030']).default('auto'),
    delimiter: z.string().length(1).optional().describe('default: tab for .tsv, comma otherwise'),
    entryPoints: z.array(EntryColumn).default([]).describe('columns holding old entry points of each service'),
  })
  .strict();

export const SpreadsheetConfig = z.object({ files: z.array(FileSpec).min(1) }).strict();
export type SpreadsheetConfig = z.infer<typeof SpreadsheetConfig>;
type FileSpec = z.infer<typeof FileSpec>;

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

const clean = (v: unknown): string => {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; richText?: Array<{ text: string }>; result?: unknown; hyperlink?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('').trim();
    if (o.text !== undefined) return clean(o.text);
    if (o.result !== undefined) return clean(o.result);
    if (o.hyperlink) return o.hyperlink;
    return '';
  }
  return String(v).replace(/^\uFEFF/, '').trim();
};

async function* rowsOfCsv(file: string, spec: FileSpec): AsyncGenerator<{ row: number; cells: string[] } | { row: number; error: string }> {
  const enc = spec.encoding === 'auto' ? detectEncoding(readSample(file)) : spec.encoding;
  const delimiter = spec.delimiter ?? (extname(file).toLowerCase() === '.tsv' ? '\t' : ',');
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, bom: true, skip_empty_lines: false });
  const input = createReadStream(file).pipe(iconv.decodeStream(enc)).pipe(parser);
  let row = 0;
  try {
    for await (const rec of input as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: rec.map(clean) };
    }
  } catch (e) {
    yield { row: row + 1, error: `unreadable CSV from here on: ${(e as Error).message}` };
  }
}

async function* rowsOfXlsx(file: string, spec: FileSpec): AsyncGenerator<{ row: number; cells: string[] } | { row: number; error: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = spec.sheet ? wb.getWorksheet(spec.sheet) : wb.worksheets[0];
  if (!ws) throw new Error(`sheet "${spec.sheet}" not found; sheets: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(clean(row.getCell(c).value));
    yield { row: r, cells };
  }
}

function sheetLabel(file: string, spec: FileSpec, sheetName?: string): string {
  return sheetName ? `${basename(file)}#${sheetName}` : basename(file);
}

async function* readFile(spec: FileSpec, ctx: AdapterContext): AsyncGenerator<AdapterMessage> {
  const file = resolveIn(ctx.root, spec.path);
  const isXlsx = /\.xlsx$/i.test(file);
  let sheetName: string | undefined;
  if (isXlsx) sheetName = spec.sheet; // refined below when the first sheet is used
  const rows = isXlsx ? rowsOfXlsx(file, spec) : rowsOfCsv(file, spec);
  let header: string[] | undefined;
  const seen = new Set<string>();
  const label = () => sheetLabel(file, spec, sheetName ?? (isXlsx ? 'Sheet1' : undefined));
  for await (const r of rows) {
    if (ctx.signal?.aborted) return;
    const locator = `${label()}!R${r.row}`;
    if ('error' in r) {
      yield { type: 'quarantine', stream: spec.stream, locator, reason: r.error };
      return;
    }
    if (!header) {
      const isHeader = spec.headerRow ? r.row === spec.headerRow : r.cells.includes(spec.key);
      if (isHeader) {
        header = r.cells;
        if (!header.includes(spec.key)) throw new Error(`${locator}: the header row has no column "${spec.key}" (columns: ${header.filter(Boolean).join(', ')})`);
      }
      continue; // title rows above the header
    }
    if (r.cells.every((c) => c === '')) continue;
    if (r.cells.length > header.length && r.cells.slice(header.length).some((c) => c !== '')) {
      yield { type: 'quarantine', stream: spec.stream, locator, reason: `${r.cells.length} cells but the header has ${header.length}`, raw: r.cells };
      continue;
    }
    const data: Record<string, unknown> = {};
    header.forEach((h, i) => {
      if (h) data[h] = r.cells[i] ?? '';
    });
    const key = String(data[spec.key] ?? '').trim();
    if (!key) {
      yield { type: 'quarantine', stream: spec.stream, locator, reason: `empty key column "${spec.key}"`, raw: data };
      continue;
    }
    if (seen.has(key)) {
      yield { type: 'quarantine', stream: spec.stream, locator, reason: `duplicate key "${key}" in column "${spec.key}"`, raw: data };
      continue;
    }
    seen.add(key);
    yield { type: 'record', stream: spec.stream, key, locator, data };
    for (const ep of spec.entryPoints) {
      const address = String(data[ep.column] ?? '').trim();
      if (!address) continue;
      yield {
        type: 'record',
        stream: 'entryPoints',
        key: `${ep.kind}:${address}`,
        locator: `${locator}/${ep.column}`,
        data: { kind: ep.kind, address, label: String(data[spec.key] ?? ''), serviceKey: spec.stream === 'services' ? key : undefined },
      };
    }
  }
  if (!header) throw new Error(`${label()}: no header row with the key column "${spec.key}" found`);
}

export const spreadsheetAdapter = defineAdapter<SpreadsheetConfig>({
  name: 'spreadsheet',
  version: '0.1.0',
  description: 'CSV, TSV and XLSX exports: title rows, UTF-8 / GB18030, entry points from columns',
  spec: SpreadsheetConfig,
  async check(config, ctx) {
    for (const f of config.files) {
      const file = resolveIn(ctx.root, f.path);
      if (!existsSync(file)) return { ok: false, reason: `file not found: ${f.path}`, hint: 'paths are relative to yimen.yaml' };
    }
    return { ok: true, message: `${config.files.length} file(s) readable` };
  },
  async discover(config) {
    const streams = new Set(config.files.map((f) => f.stream));
    if (config.files.some((f) => f.entryPoints.length)) streams.add('entryPoints');
    return [...streams].map((name) => ({ name, primaryKey: name === 'entryPoints' ? ['kind', 'address'] : ['key'] }));
  },
  async *read(config, ctx) {
    for (const f of config.files) {
      const file = resolveIn(ctx.root, f.path);
      if (!existsSync(file)) throw new Error(`file not found: ${f.path}`);
      yield* readFile(f, ctx);
    }
  },
});

export default spreadsheetAdapter;
