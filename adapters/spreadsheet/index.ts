// spreadsheet: reads services and entry points from CSV, TSV and XLSX exports of a retiring app.
// Handles title rows above the header, multi-row and merged header cells, merged body cells,
// several sheets, Excel date serials, UTF-8 (with or without BOM) and GB18030; CSV is streamed so a
// million rows run in flat memory. Every row is kept: one it cannot read is quarantined with its
// locator (`services.xlsx#事项清单!R17`, `services.csv!R17`).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import {
  defineAdapter,
  createAdapterContext,
  checkTableFile,
  columnIndex,
  excelSerialToDate,
  CompactKeySet,
  HeaderFinder,
  YimenError,
  type AdapterMessage,
  type AdapterContext,
  type TableRowOrError,
  type TableSheet,
} from 'yimen/sdk';

const KINDS = ['web', 'deeplink', 'miniprogram', 'qrcode', 'appstore'] as const;

const EntryColumn = z
  .object({
    column: z.string().min(1).describe('the column holding the address'),
    kind: z.enum(KINDS).default('web'),
    label: z.string().optional().describe('the column whose value labels the entry point (e.g. 事项名称); default: the key'),
    appId: z.string().optional().describe('kind miniprogram: the appId of the page paths in the column'),
    appIdColumn: z.string().optional().describe('kind miniprogram: the column holding the appId (default: appId)'),
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

const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * A column by its configured name. Why not columnIndex alone: a header cell written over two lines
 * (Alt+Enter in Excel: "事项\n编号") or with a space comes out of the header as "事项 编号", while the
 * config (and the header finder, which found the key that way) names it "事项编号".
 */
function colIndex(header: string[], name: string): number {
  const i = columnIndex(header, name);
  if (i >= 0) return i;
  const n = squash(name);
  return header.findIndex((h) => h !== '' && (squash(h) === n || h.split('/').some((p) => squash(p) === n)));
}

/**
 * A cell Excel exports as ="0123" to keep it text (leading zeros, long ID numbers): its text. Why:
 * kept as written, the key "0123" became ="0123" and matched nothing.
 */
function excelText(v: string): string {
  return v.length >= 3 && v.charCodeAt(0) === 61 && v.charCodeAt(1) === 34 && /^="(?:[^"]|"")*"$/.test(v) ? v.slice(2, -1).replace(/""/g, '"') : v;
}

/** Excel serials of dates from 1950 (as the date normaliser reads them): "2024" or "202403" in a dates column is a year or a month, not a serial */
const MIN_SERIAL = 18_264;
const MAX_SERIAL = 200_000;

// a note, title or section line under or inside the table: 注：… / 填表说明： / （以下空白） / 一、行政许可 / （二）… / 第一部分
// (a heading word ends there: 第二类医疗器械经营备案 is a service)
const NOTE_ROW =
  /^(?:(?:注|备注|说明|附注|填表说明|填报说明|制表人?|填表人?|填报人|填报单位|制表单位|审核人?|负责人|联系人|联系电话|数据来源|资料来源|统计时间|截至时间|导出时间|打印时间)\s*[:：]|注\s*\d|[（(]?以下(?:空白|无正文)[)）]?$|[一二三四五六七八九十百]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十百\d]+(?:部分|类|章|节|批)(?:$|[\s:：、.．]))/;

/**
 * Why a row with a key is not a record but a title, section or note line, or undefined. Why: a
 * section row merged across the table (every cell repeats "一、行政许可") or a note under it
 * ("注：本表由…", only in the key column) became a service, and fillDown gave a note the name
 * and department of the service above it.
 */
function notARecord(cells: readonly string[], keyAt: number, mergedRows: boolean): string | undefined {
  const key = cells[keyAt]!;
  let same = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (i === keyAt || !c) continue;
    if (c !== key) return undefined;
    same++;
  }
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  // two repeats at least: a two-column row whose name is its key's text ("社保查询,社保查询") is a record
  if (same >= 2 && mergedRows) return `every filled cell holds the same text "${shown}" (a title or section row merged across the table?): not a service`;
  if (!same && NOTE_ROW.test(key)) return `only the key column has text, and it reads as a title, section or note ("${shown}"): not a service`;
  return undefined;
}

/**
 * Turns a sheet's rows, batch by batch, into messages: finds the header, then makes a record (or a
 * quarantine entry) of each row. Synchronous per batch, so a row costs no async step of its own.
 */
function rowProcessor(spec: FileSpec, label: string, ctx: AdapterContext, seen: CompactKeySet, opts: { optional: boolean; csv: boolean }) {
  let header: string[] | undefined;
  let unnamed: string[] = [];
  const unnamedWarned = new Set<number>();
  let keyAt = -1;
  const fillIdx: number[] = [];
  const dateIdx: number[] = [];
  const last: string[] = [];
  const setHeader = (found: string[], row: number) => {
    const locator = row ? `${label}!R${row}` : `${label}!end`;
    header = found;
    keyAt = colIndex(header, spec.key);
    if (keyAt < 0) throw new YimenError('E_ADAPTER_CONFIG', `${locator}: the header has no column "${spec.key}" (columns: ${header.filter(Boolean).join(', ')})`, { hint: 'set key: to one of the columns the header has' });
    // the key column is called by its configured name, whatever its header says around it
    header[keyAt] = spec.key;
    // a column whose header cell is blank keeps its values under 列N (N: its 1-based column), not nowhere
    unnamed = header.map((h, i) => {
      if (h) return '';
      let name = `列${i + 1}`;
      while (header!.includes(name)) name += '#';
      return name;
    });
    for (const c of spec.fillDown) {
      const i = colIndex(header, c);
      if (i < 0) ctx.log.warn(`${label}: fillDown column "${c}" is not in the header`);
      else fillIdx.push(i);
    }
    for (const c of spec.dates) {
      const i = colIndex(header, c);
      if (i < 0) ctx.log.warn(`${label}: dates column "${c}" is not in the header`);
      else dateIdx.push(i);
    }
    for (const ep of spec.entryPoints) if (colIndex(header, ep.column) < 0) ctx.log.warn(`${label}: entry point column "${ep.column}" is not in the header`);
    if (spec.stream === 'entryPoints') {
      for (const c of Object.values(spec.columns ?? {})) if (c && colIndex(header, c) < 0) ctx.log.warn(`${label}: column "${c}" is not in the header`);
    }
  };
  const finder = new HeaderFinder({
    isKey: (c) => c === spec.key || c.replace(/\s+/g, '') === spec.key,
    headerRow: spec.headerRow,
    headerRows: spec.headerRows,
    onHeader: setHeader,
  });
  let n = 0;
  function* rows(batch: TableRowOrError[]): Generator<AdapterMessage> {
    for (const r of batch) {
      n++;
      const locator = `${label}!R${r.row}`;
      if ('error' in r) {
        yield { type: 'quarantine', stream: spec.stream, locator, reason: r.error, raw: r.raw, ...(r.incomplete ? { incomplete: true } : {}) };
        continue;
      }
      if (!header && finder.feed(r.row, r.cells) === 'header') continue;
      if (!header) continue;
      const cells = r.cells;
      if (cells.every((c) => c === '')) continue;
      if (opts.csv) for (let i = 0; i < cells.length; i++) cells[i] = excelText(cells[i]!);
      // before fillDown: a note row must not take the values of the row above
      if (cells[keyAt]) {
        const why = notARecord(cells, keyAt, spec.stream !== 'entryPoints');
        if (why) {
          yield { type: 'quarantine', stream: spec.stream, locator, reason: why, raw: Object.fromEntries(header.map((h, i) => [h || unnamed[i]!, cells[i] ?? ''])) };
          continue;
        }
      }
      for (const i of fillIdx) {
        if (cells[i]) last[i] = cells[i]!;
        else if (last[i]) cells[i] = last[i]!;
      }
      for (const i of dateIdx) {
        const v = cells[i];
        if (v && /^\d+(\.\d+)?$/.test(v) && Number(v) >= MIN_SERIAL && Number(v) <= MAX_SERIAL) cells[i] = excelSerialToDate(Number(v)) ?? v;
      }
      if (cells.length > header!.length && cells.slice(header!.length).some((c) => c !== '')) {
        yield { type: 'quarantine', stream: spec.stream, locator, reason: `${cells.length} cells but the header has ${header.length}`, raw: cells };
        continue;
      }
      const data: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) {
        const h = header[i];
        if (h) data[h] = cells[i] ?? '';
        else if (cells[i]) {
          data[unnamed[i]!] = cells[i];
          if (!unnamedWarned.has(i)) {
            unnamedWarned.add(i);
            ctx.log.warn(`${label}: column ${i + 1} has no name in the header but holds values (first at R${r.row}): kept as "${unnamed[i]}"`);
          }
        }
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
        const i = colIndex(header, ep.column);
        if (i < 0) continue;
        const address = (r.links?.[i] ?? cells[i] ?? '').trim();
        if (!address) continue;
        const li = ep.label ? colIndex(header, ep.label) : -1;
        const epLabel = li >= 0 ? cells[li] : keyValue;
        const data: Record<string, unknown> = { kind: ep.kind, address, label: epLabel || keyValue, ...(spec.stream === 'services' ? { serviceKey: keyValue } : {}) };
        if (ep.kind === 'miniprogram') {
          // a page path with the app's appId (a cell already written appId:path keeps its own)
          const ai = ep.appIdColumn ? colIndex(header, ep.appIdColumn) : -1;
          const appId = (ai >= 0 ? (cells[ai] ?? '').trim() : '') || ep.appId;
          const own = /^(wx[0-9a-z]{6,}|\d{10,}):(.*)$/i.exec(address);
          if (own) data.miniprogram = { appId: own[1], path: own[2] || '/' };
          else if (appId) data.miniprogram = { appId, path: address };
          if (data.miniprogram) data.address = `${(data.miniprogram as { appId: string }).appId}:${(data.miniprogram as { path: string }).path}`;
        }
        yield { type: 'record', stream: 'entryPoints', key: `${ep.kind} ${String(data.address)}`, locator: `${locator}/${ep.column}`, data };
      }
    }
  }
  function* end(): Generator<AdapterMessage> {
    if (!header) finder.finish(0);
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
    const i = colIndex(header, name);
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

/** faults of a whole file that become an incomplete quarantine of it, not a crash of the read */
const FILE_FAULTS = new Set(['E_TABLE_UNREADABLE', 'E_TABLE_TOO_BIG', 'E_TABLE_TOO_LARGE']);

type Part = { msg: AdapterMessage } | { batches: TableSheet['batches']; proc: ReturnType<typeof rowProcessor> };

const isXlsx = (path: string) => /\.xlsx$/i.test(path);

/** 'UTF-16LE' / 'UTF-16BE' when the file starts with that byte order mark */
function utf16Bom(file: string): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    if (readSync(fd, b, 0, 2, 0) < 2) return undefined;
    return b[0] === 0xff && b[1] === 0xfe ? 'UTF-16LE' : b[0] === 0xfe && b[1] === 0xff ? 'UTF-16BE' : undefined;
  } finally {
    closeSync(fd);
  }
}

/** a file's parts: one per sheet (a CSV is one sheet), or a message when the file cannot be read */
async function* partsOf(spec: FileSpec, ctx: AdapterContext): AsyncGenerator<Part> {
  const file = ctx.resolvePath(spec.path);
  checkTableFile(file, { maxBytes: spec.maxBytes, display: spec.path });
  const utf16 = isXlsx(spec.path) ? undefined : utf16Bom(file);
  if (utf16) {
    // why: read as GB18030 it said only that the key column was missing, which sent people to the config
    yield { msg: ctx.quarantine(spec.stream, basename(spec.path), `${spec.path} is ${utf16} text (Excel's "Unicode text" export), which is not read (save it as "CSV UTF-8" or as XLSX)`, { incomplete: true }) };
    return;
  }
  const seen = new CompactKeySet();
  let sheets: TableSheet[];
  try {
    sheets = await ctx.readTable(spec.path, { sheet: spec.sheet, encoding: spec.encoding, delimiter: spec.delimiter, maxBytes: spec.maxBytes });
  } catch (e) {
    if (!(e instanceof YimenError) || !FILE_FAULTS.has(e.code)) throw e;
    // a damaged workbook, a missing sheet or one over a size cap (a ZIP bomb): say so with the
    // reason and its hint, keep everything read before, remove nothing
    yield { msg: ctx.quarantine(spec.stream, basename(spec.path), e.hint ? `${e.message} (${e.hint})` : e.message, { incomplete: true }) };
    return;
  }
  for (const sh of sheets) {
    yield { batches: sh.batches, proc: rowProcessor(spec, sh.label, ctx, seen, { optional: sh.sheet !== undefined && spec.sheet === '*', csv: sh.sheet === undefined }) };
  }
}

/** the messages of every file, a batch of rows at a time (made as they are taken: logs fall between them as in read) */
async function* readRuns(config: SpreadsheetConfig, ctx: AdapterContext, _state?: Record<string, unknown>): AsyncGenerator<Iterable<AdapterMessage>> {
  for (const f of config.files) {
    for await (const part of partsOf(f, ctx)) {
      if ('msg' in part) {
        yield [part.msg];
        continue;
      }
      for await (const batch of part.batches) {
        if (ctx.signal?.aborted) return;
        yield part.proc.rows(batch);
      }
      yield part.proc.end();
    }
  }
}

export const spreadsheetAdapter = defineAdapter<SpreadsheetConfig>({
  name: 'spreadsheet',
  version: '0.3.0',
  streams: ['services', 'entryPoints', 'usage'],
  description: 'CSV, TSV and XLSX exports: title rows, multi-row and merged headers, several sheets, UTF-8 / GB18030, entry points from columns',
  spec: SpreadsheetConfig,
  async check(config, ctx) {
    for (const f of config.files) {
      try {
        checkTableFile(ctx.resolvePath(f.path), { maxBytes: f.maxBytes, display: f.path });
      } catch (e) {
        if (e instanceof YimenError) return { ok: false, reason: e.message.replace(/ \(maxBytes\)$/, ''), hint: e.hint };
        throw e;
      }
      // read down to the header: a wrong key or sheet shows here, not as a quarantined file later
      const quiet = createAdapterContext({ root: ctx.root, appId: ctx.appId, env: ctx.env, signal: ctx.signal, log: { info() {}, warn() {} } }, 'spreadsheet');
      for await (const part of partsOf(f, quiet)) {
        if ('msg' in part) {
          const m = part.msg as { reason?: string };
          return { ok: false, reason: m.reason ?? 'unreadable', hint: /UTF-16/.test(m.reason ?? '') ? 'save the file as "CSV UTF-8" or as XLSX' : 'check the sheet names in yimen.yaml against the workbook' };
        }
        let seenRows = 0;
        let firstRow: string[] | undefined;
        for await (const batch of part.batches) {
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
  readSize(config, ctx) {
    let bytes = 0;
    for (const f of config.files) {
      try {
        bytes += statSync(ctx.resolvePath(f.path)).size;
      } catch {
        // a missing file is the read's to report
      }
    }
    return bytes;
  },
  async *read(config, ctx, state) {
    for await (const run of readRuns(config, ctx, state)) yield* run;
  },
  readBatches: readRuns,
});

export default spreadsheetAdapter;
