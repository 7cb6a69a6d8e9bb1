// The XLSX reader, streamed: each sheet part is inflated from the ZIP (node:zlib) and parsed (saxes)
// as it is read, so a 300,000-row sheet reads in flat memory; only the shared strings are held (the
// part cap bounds them). A sheet is read twice: a cheap scan for what comes after its rows in the
// XML (merged ranges, hyperlinks) and its size, then the rows, merged cells repeating their master's
// value and hyperlinks kept beside the cells, as exceljs' in-memory reader gave them.
// Not exceljs' WorkbookReader: it cannot enforce a cap on a part that inflates past what the ZIP
// directory declares, and it measured slower and larger here (bench/extract/xlsx.ts prints both).
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { basename, posix } from 'node:path';
import { createInflateRaw } from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { YimenError } from '../../errors.js';
import { cleanText } from '../../text/index.js';
import { StrictRows, checkedAfterHeader, type StrictOptions, type StrictRow } from './strict.js';
import { checkRowCount, checkXlsxExpansion, tooBig, XLSX_MAX_CELL_CHARS, XLSX_MAX_PART_BYTES, XLSX_MAX_ROWS, type ZipEntrySize } from './zip-caps.js';

/** the table options this reader uses (TableOptions fits it) */
export interface XlsxOptions {
  sheet?: string | string[];
  maxExpandedBytes?: number;
  maxPartBytes?: number;
  maxRows?: number;
  maxCellChars?: number;
  onInfo?: (message: string) => void;
  strict?: StrictOptions | false;
}
export interface XlsxRow {
  row: number;
  cells: string[];
  links?: Array<string | undefined>;
}
export interface XlsxRowError {
  row: number;
  error: string;
  incomplete?: boolean;
}
export type XlsxRowOrError = XlsxRow | XlsxRowError;
export interface XlsxSheet {
  label: string;
  sheet: string;
  batches: AsyncIterable<XlsxRowOrError[]>;
}

/** Excel's widest sheet (XFD) */
const MAX_COLS = 16_384;
const BATCH = 1000;
/** the text kept after a sheet's rows (merged ranges, hyperlinks, …) */
const MAX_TAIL_CHARS = 64 * 1024 ** 2;
/** cells a hyperlink range may cover */
const MAX_LINK_CELLS = 1_000_000;

const unreadable = (file: string, why: string) => new YimenError('E_TABLE_UNREADABLE', `${basename(file)} is not a readable XLSX workbook: ${why}`);

/** the sheets wanted of a workbook, each a stream of row batches (strict or header-checked as readTable's options say) */
export async function readXlsx(file: string, opts: XlsxOptions = {}): Promise<XlsxSheet[]> {
  // the declared expanded sizes first: a ZIP bomb is refused before anything is inflated
  const entries = checkXlsxExpansion(file, opts);
  const zip = new ZipParts(file, entries, opts.maxPartBytes ?? XLSX_MAX_PART_BYTES);
  const book = await readWorkbook(zip, file);
  const wanted = pickSheets(book.sheets, opts.sheet, file);
  const maxCell = opts.maxCellChars ?? XLSX_MAX_CELL_CHARS;
  const maxRows = opts.maxRows ?? XLSX_MAX_ROWS;
  const strings = book.sharedStrings ? await readSharedStrings(zip, book.sharedStrings, maxCell) : [];
  const formats = book.styles ? await readNumberFormats(zip, book.styles) : [];
  const out: XlsxSheet[] = [];
  for (const s of wanted) {
    const shape = await scanSheet(zip, s.part);
    checkRowCount(file, s.name, shape.lastRow, maxRows);
    const links = await sheetLinks(zip, s.part, shape.links);
    const label = `${basename(file)}#${s.name}`;
    const rows = sheetRows(zip, s.part, { strings, formats, date1904: book.date1904, maxCell, maxRows, shape, links });
    const note = (m: string) => opts.onInfo?.(m);
    const batches = opts.strict ? strictRows(rows, new StrictRows(opts.strict, 'xlsx', note, label)) : opts.strict === false ? rows : checkedAfterHeader(rows, 'xlsx', label, note);
    out.push({ label, sheet: s.name, batches });
  }
  return out;
}

async function* strictRows(batches: AsyncIterable<XlsxRowOrError[]>, strict: StrictRows): AsyncGenerator<XlsxRowOrError[]> {
  for await (const b of batches) {
    const out = strict.rows(b as StrictRow[]) as XlsxRowOrError[];
    if (out.length) yield out;
  }
  // rows the shifted-row check still holds come out last, in order
  const rest = strict.end() as XlsxRowOrError[];
  if (rest.length) yield rest;
}

// ---------------------------------------------------------------- the ZIP parts, inflated as streams

class ZipParts {
  private readonly byName = new Map<string, ZipEntrySize>();
  constructor(
    readonly file: string,
    entries: ZipEntrySize[],
    private readonly maxPart: number,
  ) {
    for (const e of entries) this.byName.set(e.name.replace(/^\/+/, '').toLowerCase(), e);
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** the part's bytes as they inflate; more than the part cap (whatever the directory said) is refused */
  async *bytes(name: string): AsyncGenerator<Buffer> {
    const e = this.byName.get(name.toLowerCase());
    if (!e) throw unreadable(this.file, `no part ${name}`);
    const fd = openSync(this.file, 'r');
    const head = Buffer.alloc(30);
    try {
      readSync(fd, head, 0, 30, e.offset);
    } finally {
      closeSync(fd);
    }
    if (head.readUInt32LE(0) !== 0x04034b50) throw unreadable(this.file, `part ${name} has no local header`);
    const start = e.offset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    if (e.method !== 0 && e.method !== 8) throw unreadable(this.file, `part ${name} uses ZIP method ${e.method}`);
    if (e.compressed === 0) return;
    const raw = createReadStream(this.file, { start, end: start + e.compressed - 1, highWaterMark: 256 * 1024 });
    const src = e.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 256 * 1024 })) : raw;
    raw.on('error', (err) => src.destroy(err));
    let n = 0;
    try {
      for await (const chunk of src as AsyncIterable<Buffer>) {
        n += chunk.length;
        if (n > this.maxPart) throw tooBig(this.file, `part ${name} expands past ${this.maxPart.toLocaleString('en')} bytes`, this.maxPart, 'maxPartBytes');
        yield chunk;
      }
    } catch (err) {
      if (err instanceof YimenError) throw err;
      throw unreadable(this.file, `part ${name}: ${(err as Error).message}`);
    } finally {
      raw.destroy();
      src.destroy();
    }
  }

  /** the part's text as it inflates */
  async *text(name: string): AsyncGenerator<string> {
    const dec = new TextDecoder('utf-8');
    for await (const b of this.bytes(name)) {
      const s = dec.decode(b, { stream: true });
      if (s) yield s;
    }
    const s = dec.decode();
    if (s) yield s;
  }

  /** a small part (workbook, relationships, styles) whole */
  async whole(name: string): Promise<string> {
    let s = '';
    for await (const t of this.text(name)) s += t;
    return s;
  }
}

// ---------------------------------------------------------------- XML

const local = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

interface XmlHandlers {
  open?: (name: string, attrs: Record<string, string>, selfClosing: boolean) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
}

function xmlParser(file: string, part: string, h: XmlHandlers): SaxesParser {
  const p = new SaxesParser({ xmlns: false, position: false });
  if (h.open) {
    const open = h.open;
    p.on('opentag', (t: SaxesTagPlain) => open(local(t.name), t.attributes as Record<string, string>, t.isSelfClosing));
  }
  if (h.text) p.on('text', h.text);
  if (h.text) p.on('cdata', h.text);
  if (h.close) {
    const close = h.close;
    p.on('closetag', (t: SaxesTagPlain) => close(local(t.name)));
  }
  p.on('error', (e: Error) => {
    throw unreadable(file, `part ${part}: ${e.message.split('\n')[0]}`);
  });
  return p;
}

async function parseWhole(zip: ZipParts, part: string, h: XmlHandlers): Promise<void> {
  const p = xmlParser(zip.file, part, h);
  for await (const t of zip.text(part)) p.write(t);
  p.close();
}

/** an attribute by its local name (r:id, id) */
function attr(attrs: Record<string, string>, name: string): string | undefined {
  if (attrs[name] !== undefined) return attrs[name];
  for (const k in attrs) if (local(k) === name) return attrs[k];
  return undefined;
}

// ---------------------------------------------------------------- the workbook

interface BookSheet {
  name: string;
  part: string;
}
interface Book {
  sheets: BookSheet[];
  sharedStrings?: string;
  styles?: string;
  date1904: boolean;
}

function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return posix.normalize(posix.join(posix.dirname(base), target));
}

async function rels(zip: ZipParts, part: string): Promise<Map<string, { target: string; type: string; external: boolean }>> {
  const relsPart = posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
  const out = new Map<string, { target: string; type: string; external: boolean }>();
  if (!zip.has(relsPart)) return out;
  await parseWhole(zip, relsPart, {
    open: (name, a) => {
      if (name === 'Relationship' && a.Id) out.set(a.Id, { target: a.Target ?? '', type: a.Type ?? '', external: a.TargetMode === 'External' });
    },
  });
  return out;
}

async function readWorkbook(zip: ZipParts, file: string): Promise<Book> {
  let main = 'xl/workbook.xml';
  if (!zip.has(main)) {
    const root = await rels(zip, '');
    const doc = [...root.values()].find((r) => r.type.endsWith('/officeDocument'));
    if (!doc) throw unreadable(file, 'no workbook part');
    main = resolvePart('', doc.target);
  }
  const r = await rels(zip, main);
  const sheets: BookSheet[] = [];
  let date1904 = false;
  await parseWhole(zip, main, {
    open: (name, a) => {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name !== 'sheet') return;
      const rel = r.get(attr(a, 'id') ?? '');
      if (rel && !rel.external) sheets.push({ name: a.name ?? `Sheet${sheets.length + 1}`, part: resolvePart(main, rel.target) });
    },
  });
  const byType = (t: string) => {
    const rel = [...r.values()].find((x) => x.type.endsWith(t));
    return rel ? resolvePart(main, rel.target) : undefined;
  };
  const sharedStrings = byType('/sharedStrings');
  const styles = byType('/styles');
  return { sheets, date1904, ...(sharedStrings && zip.has(sharedStrings) ? { sharedStrings } : {}), ...(styles && zip.has(styles) ? { styles } : {}) };
}

function pickSheets(sheets: BookSheet[], sheet: XlsxOptions['sheet'], file: string): BookSheet[] {
  const names = sheets.map((s) => s.name);
  if (sheet === undefined) {
    if (!sheets[0]) throw new YimenError('E_TABLE_UNREADABLE', `${basename(file)} has no sheets`);
    return [sheets[0]];
  }
  if (sheet === '*') return sheets;
  return (Array.isArray(sheet) ? sheet : [sheet]).map((n) => {
    const s = sheets.find((x) => x.name === n);
    if (!s) throw new YimenError('E_TABLE_UNREADABLE', `${basename(file)}: sheet "${n}" not found; sheets: ${names.join(', ')}`, { details: { sheets: names } });
    return s;
  });
}

/** the shared strings, each cut just past the cell cap (a cell holding one is an error row anyway) */
async function readSharedStrings(zip: ZipParts, part: string, maxCell: number): Promise<string[]> {
  const out: string[] = [];
  let cur: string | undefined;
  let inT = false;
  let inPhonetic = 0;
  await parseWhole(zip, part, {
    open: (name, _a, self) => {
      if (name === 'si') cur = '';
      else if (name === 't' && !self && cur !== undefined && !inPhonetic) inT = true;
      else if (name === 'rPh' && !self) inPhonetic++;
    },
    text: (t) => {
      if (inT && cur !== undefined && cur.length <= maxCell) cur += t.length > maxCell + 1 ? t.slice(0, maxCell + 1) : t;
    },
    close: (name) => {
      if (name === 't') inT = false;
      else if (name === 'rPh') inPhonetic--;
      else if (name === 'si' && cur !== undefined) {
        // flattened, so the array holds no rope of text pieces
        out.push(cur.length > 64 ? Buffer.from(cur, 'utf16le').toString('utf16le') : cur);
        cur = undefined;
      }
    },
  });
  return out;
}

/**
 * How a style shows a number, where the number's own text is not what Excel shows: a date, a time
 * of day (`h:mm`: 0.5 is 12:00, not 1899-12-30 12:00:00), or an integer padded with zeros
 * (`000000`: 123 is 000123; codes keep their leading zeros). Worked out once per style, not per cell.
 */
type NumberFormat = { kind: 'date' } | { kind: 'time'; seconds: boolean; elapsed: boolean } | { kind: 'zeros'; width: number };

const DATE: NumberFormat = { kind: 'date' };
const HM: NumberFormat = { kind: 'time', seconds: false, elapsed: false };
const HMS: NumberFormat = { kind: 'time', seconds: true, elapsed: false };

/**
 * Excel's built-in date and time formats (14–22, 45–47) and the CJK ones (27–36, 50–58, as zh-CN
 * numbers them): times of day are 18–21 (h:mm, h:mm:ss, with or without AM/PM), 32–35 and 55–56
 * (h"时"mm"分", 上午/下午…), 45–47 (mm:ss, [h]:mm:ss, mmss.0)
 */
const BUILTIN_FORMATS = new Map<number, NumberFormat>([
  ...[14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58].map((id): [number, NumberFormat] => [id, DATE]),
  ...[18, 20, 32, 34, 55].map((id): [number, NumberFormat] => [id, HM]),
  ...[19, 21, 33, 35, 45, 47, 56].map((id): [number, NumberFormat] => [id, HMS]),
  [46, { kind: 'time', seconds: true, elapsed: true }],
]);

/** a number format that shows a date or a time (exceljs' rule: y m d h s b outside quotes and brackets) */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** what a custom format code shows (undefined: the number as it is) */
function numberFormat(code: string): NumberFormat | undefined {
  // only the plain all-zero codes: a literal, a sign section or a decimal part is left as the number
  if (/^0{2,}$/.test(code)) return { kind: 'zeros', width: code.length };
  if (!isDateFormat(code)) return undefined;
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  // hours ([h]: elapsed, past a day) or seconds with no year, day or era: a time of day (its m is minutes, not a month)
  const elapsed = /\[h+]/i.test(code);
  if (!/[ydb]/i.test(bare) && (elapsed || /[hs]/i.test(bare))) return { kind: 'time', seconds: /s/i.test(bare), elapsed };
  return DATE;
}

/** the cell styles' number formats, by the style's index (the `s` of a cell); none where the number is shown as it is */
async function readNumberFormats(zip: ZipParts, part: string): Promise<Array<NumberFormat | undefined>> {
  const custom = new Map<number, string>();
  const out: Array<NumberFormat | undefined> = [];
  let inXfs = false;
  let xf = 0;
  await parseWhole(zip, part, {
    open: (name, a) => {
      if (name === 'numFmt' && a.numFmtId) custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inXfs = true;
      else if (name === 'xf' && inXfs) {
        const id = Number(a.numFmtId ?? 0);
        const code = custom.get(id);
        out[xf++] = code !== undefined ? numberFormat(code) : BUILTIN_FORMATS.get(id);
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inXfs = false;
    },
  });
  return out;
}

// ---------------------------------------------------------------- a sheet: the scan

/** "AB12" → [12, 28]; undefined when it is not a cell reference */
export function decodeRef(ref: string): [row: number, col: number] | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref.trim());
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]), col];
}

function decodeRange(ref: string): [r1: number, c1: number, r2: number, c2: number] | undefined {
  const [a, b = a] = ref.split(':');
  const p = decodeRef(a ?? '');
  const q = decodeRef(b ?? '');
  if (!p || !q) return undefined;
  return [Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1])];
}

interface SheetShape {
  /** the last row number (gaps included, as Excel numbers them) */
  lastRow: number;
  /** the widest row, in columns */
  cols: number;
  merges: Array<[r1: number, c1: number, r2: number, c2: number]>;
  links: Array<{ ref: string; rid?: string; location?: string }>;
}

const TAG = /<(\/?)(?:[A-Za-z_][\w.-]*:)?(row|c|sheetData)(?=[\s/>])([^>]*)>/g;
const R_ATTR = /(?:^|\s)r\s*=\s*["']([^"']*)["']/;
const ATTRS = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attrsOf(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(ATTRS)) out[local(m[1]!)] = xmlDecode(m[2] ?? m[3] ?? '');
  return out;
}

function xmlDecode(s: string): string {
  return s.includes('&') ? s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) => (e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)))) : s;
}

/**
 * The first pass: the sheet's size (last row, widest row) and what the XML gives after the rows
 * (merged ranges, hyperlinks), from the tags alone. Text between tags is skipped unparsed.
 */
async function scanSheet(zip: ZipParts, part: string): Promise<SheetShape> {
  const shape: SheetShape = { lastRow: 0, cols: 0, merges: [], links: [] };
  let carry = '';
  let row = 0;
  let col = 0;
  let tail: string | undefined;
  const scan = (s: string) => {
    TAG.lastIndex = 0;
    for (let m = TAG.exec(s); m; m = TAG.exec(s)) {
      const [, close, name, rest] = m;
      if (name === 'sheetData') {
        if (close) {
          tail = s.slice(m.index);
          return;
        }
        continue;
      }
      if (close) continue;
      const r = R_ATTR.exec(rest!)?.[1];
      if (name === 'row') {
        row = r && /^\d+$/.test(r) ? Number(r) : row + 1;
        col = 0;
        if (row > shape.lastRow) shape.lastRow = row;
      } else {
        const ref = r ? decodeRef(r) : undefined;
        col = ref ? ref[1] : col + 1;
        if (col > shape.cols) shape.cols = col;
      }
    }
  };
  for await (const t of zip.text(part)) {
    if (tail !== undefined) {
      if (tail.length + t.length > MAX_TAIL_CHARS) throw unreadable(zip.file, `${part}: over ${MAX_TAIL_CHARS.toLocaleString('en')} characters after the rows`);
      tail += t;
      continue;
    }
    const s = carry + t;
    // scan up to the last complete tag; keep an unfinished one for the next piece
    const lt = s.lastIndexOf('<');
    const cut = lt >= 0 && s.indexOf('>', lt) < 0 ? lt : s.length;
    scan(cut === s.length ? s : s.slice(0, cut));
    // (scan sets tail when it meets the end of the rows)
    if ((tail as string | undefined) !== undefined) {
      tail = (tail as unknown as string) + s.slice(cut);
      carry = '';
      continue;
    }
    carry = s.slice(cut);
    if (carry.length > 1024 ** 2) throw unreadable(zip.file, `${part}: a tag over a megabyte long`);
  }
  if (tail) {
    for (const m of tail.matchAll(/<(?:[A-Za-z_][\w.-]*:)?(mergeCell|hyperlink)(?=[\s/>])([^>]*)>/g)) {
      const a = attrsOf(m[2]!);
      if (!a.ref) continue;
      if (m[1] === 'mergeCell') {
        const rg = decodeRange(a.ref);
        if (rg) shape.merges.push(rg);
      } else shape.links.push({ ref: a.ref, ...(a.id ? { rid: a.id } : {}), ...(a.location ? { location: a.location } : {}) });
    }
  }
  // a merged range reaches no further than the cells the sheet has (a range over the whole sheet
  // must not make a million empty rows)
  for (const m of shape.merges) {
    m[2] = Math.min(m[2], Math.max(shape.lastRow, m[0]));
    m[3] = Math.min(m[3], Math.max(shape.cols, m[1]), MAX_COLS);
  }
  shape.cols = Math.min(MAX_COLS, shape.cols);
  for (const m of shape.merges) if (m[0] <= shape.lastRow && m[3] > shape.cols) shape.cols = m[3];
  return shape;
}

/** hyperlinks by cell (row × MAX_COLS + col): external ones through the sheet's relationships, internal ones as #location */
async function sheetLinks(zip: ZipParts, part: string, links: SheetShape['links']): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (!links.length) return out;
  const r = await rels(zip, part);
  for (const l of links) {
    const target = l.rid ? r.get(l.rid)?.target : l.location ? `#${l.location}` : undefined;
    const rg = decodeRange(l.ref);
    if (!target || !rg) continue;
    for (let row = rg[0]; row <= rg[2] && out.size < MAX_LINK_CELLS; row++) for (let c = rg[1]; c <= rg[3] && out.size < MAX_LINK_CELLS; c++) out.set(row * MAX_COLS + c, target);
  }
  return out;
}

// ---------------------------------------------------------------- a sheet: the rows

interface RowsContext {
  strings: string[];
  formats: Array<NumberFormat | undefined>;
  date1904: boolean;
  maxCell: number;
  maxRows: number;
  shape: SheetShape;
  links: Map<number, string>;
}

function dateText(serial: number, date1904: boolean): string {
  // exceljs' conversion: days since 1899-12-30 (1904-01-01 for the 1904 system), in UTC
  const d = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** a time of day as HH:MM or HH:MM:SS (24-hour, as dates are ISO); an [h] format counts hours past a day */
function timeText(serial: number, f: { seconds: boolean; elapsed: boolean }): string {
  // to the second, as Excel; a unit not shown is cut, not rounded into the next (h:mm of 12:00:59 is 12:00)
  let secs = Math.round(serial * 86_400);
  if (!f.elapsed) secs %= 86_400;
  const hm = `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}`;
  return f.seconds ? `${hm}:${pad2(secs % 60)}` : hm;
}

/**
 * A number as Excel shows it: at most 15 significant digits, so 0.1+0.2 is 0.3, not
 * 0.30000000000000004. An integer is already exact: it is given as stored (no string made twice).
 */
function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/** a cell's text from its type, style and raw value (the cached result, for a formula) */
function valueText(t: string | undefined, s: number, v: string, ctx: RowsContext): string {
  switch (t) {
    case 's': {
      const i = Number(v);
      return ctx.strings[i] ?? '';
    }
    case 'str':
    case 'inlineStr':
      return v;
    case 'b':
      return v === '' ? '' : String(parseInt(v, 10) !== 0);
    case 'd': {
      // an ISO 8601 date stored as text (t="d", written by some non-Excel tools): read as serial dates
      // read, not through parseFloat, which gave 2025 for 2025-03-01T00:00:00
      const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2})?)?/.exec(v);
      if (!m) return v;
      return !m[2] || (m[2] === '00:00' && (!m[3] || m[3] === ':00')) ? m[1]! : `${m[1]} ${m[2]}${m[3] ?? ':00'}`;
    }
    case 'e':
      // the error (#N/A, #DIV/0!, …) as Excel shows it: an empty cell would hide it downstream
      return v;
    default: {
      if (v === '') return '';
      const n = parseFloat(v);
      const f = ctx.formats[s];
      if (f !== undefined && Number.isFinite(n)) {
        if (f.kind === 'date') return dateText(n, ctx.date1904);
        if (f.kind === 'time') {
          if (n >= 0) return timeText(n, f);
        } else if (Number.isInteger(n) && Math.abs(n) < 1e15) {
          // 000000: 123 is 000123, -5 is -000005; a fraction is not rounded away, it stays the number
          return n < 0 ? `-${String(-n).padStart(f.width, '0')}` : String(n).padStart(f.width, '0');
        }
      }
      return numberText(n);
    }
  }
}

async function* sheetRows(zip: ZipParts, part: string, ctx: RowsContext): AsyncGenerator<XlsxRowOrError[]> {
  const { shape, links, maxCell } = ctx;
  const merges = [...shape.merges].sort((a, b) => a[0] - b[0]);
  let nextMerge = 0;
  let active: SheetShape['merges'] = [];
  /** the masters' values, while their range is still ahead */
  const masters = new Map<number, { text: string; link: string | undefined }>();
  let batch: XlsxRowOrError[] = [];
  let lastRow = 0;
  // the row being read
  let row = 0;
  let cells: string[] = [];
  let rowError: string | undefined;
  let col = 0;
  // the cell being read
  let cellType: string | undefined;
  let cellStyle = 0;
  let value: string | undefined;
  let capture = false;
  let inInline = false;
  let inPhonetic = 0;
  let stop: XlsxRowError | undefined;

  const emit = (r: number, got: string[] | undefined, error: string | undefined) => {
    while (nextMerge < merges.length && merges[nextMerge]![0] <= r) active.push(merges[nextMerge++]!);
    if (active.length) active = active.filter((m) => m[2] >= r);
    if (error !== undefined) {
      batch.push({ row: r, error });
      return;
    }
    const width = Math.max(shape.cols, got?.length ?? 0);
    const out: string[] = new Array(width);
    for (let c = 0; c < width; c++) out[c] = got?.[c] ?? '';
    let outLinks: Array<string | undefined> | undefined;
    const link = (c: number, url: string | undefined) => {
      if (!url) return;
      outLinks ??= new Array(width).fill(undefined);
      outLinks[c - 1] = url;
    };
    if (links.size) for (let c = 1; c <= width; c++) link(c, links.get(r * MAX_COLS + c));
    for (const m of active) {
      const key = m[0] * MAX_COLS + m[1];
      if (r === m[0]) masters.set(key, { text: out[m[1] - 1] ?? '', link: outLinks?.[m[1] - 1] });
      const master = masters.get(key);
      if (!master) continue;
      for (let c = m[1]; c <= m[3] && c <= width; c++) {
        if (r === m[0] && c === m[1]) continue;
        out[c - 1] = master.text;
        link(c, master.link);
      }
      if (r === m[2]) masters.delete(key);
    }
    batch.push(outLinks ? { row: r, cells: out, links: outLinks } : { row: r, cells: out });
  };
  // a row is given once the next one starts (or the rows end): a row cut by malformed XML (saxes
  // closes the open tags before it reports the error) is never given as if it were whole
  let pending: { row: number; cells: string[]; error: string | undefined } | undefined;
  let given = 0;
  const flush = () => {
    if (!pending) return;
    // rows the XML leaves out are empty rows (merged ranges fill them), as Excel numbers them
    for (let g = given + 1; g < pending.row; g++) emit(g, undefined, undefined);
    emit(pending.row, pending.cells, pending.error);
    given = pending.row;
    pending = undefined;
  };
  const endRow = () => {
    flush();
    pending = { row, cells, error: rowError };
    lastRow = row;
  };
  const halt = (e: XlsxRowError) => {
    flush();
    stop ??= e;
  };

  const parser = xmlParser(zip.file, part, {
    open: (name, a, self) => {
      if (stop) return;
      switch (name) {
        case 'row': {
          const r = a.r && /^\d+$/.test(a.r) ? Number(a.r) : lastRow + 1;
          if (r <= lastRow) {
            halt({ row: r, error: `unreadable sheet: row ${r} comes after row ${lastRow}`, incomplete: true });
            return;
          }
          if (r > ctx.maxRows) {
            halt({ row: r, error: `sheet has a row ${r.toLocaleString('en')}, over the cap of ${ctx.maxRows.toLocaleString('en')} rows (maxRows)`, incomplete: true });
            return;
          }
          row = r;
          cells = [];
          rowError = undefined;
          col = 0;
          if (self) endRow();
          break;
        }
        case 'c': {
          const ref = a.r ? decodeRef(a.r) : undefined;
          col = ref ? ref[1] : col + 1;
          cellType = a.t;
          cellStyle = a.s ? Number(a.s) : 0;
          value = undefined;
          if (self) endCell();
          break;
        }
        case 'v':
          if (!self) {
            value = '';
            capture = true;
          }
          break;
        case 'is':
          inInline = true;
          value = '';
          break;
        case 't':
          if (inInline && !inPhonetic && !self) capture = true;
          break;
        case 'rPh':
          if (!self) inPhonetic++;
          break;
      }
    },
    text: (t) => {
      // past the cap the text is not kept: the length is enough to refuse the row
      if (capture && value !== undefined && value.length <= maxCell) value += t.length > maxCell + 1 ? t.slice(0, maxCell + 1) : t;
    },
    close: (name) => {
      switch (name) {
        case 'v':
        case 't':
          capture = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          inPhonetic--;
          break;
        case 'c':
          endCell();
          break;
        case 'row':
          if (row > lastRow) endRow();
          break;
        case 'sheetData':
          flush();
          break;
      }
    },
  });
  function endCell() {
    if (row <= lastRow || col < 1 || col > MAX_COLS) return;
    const text = cleanText(valueText(cellType, cellStyle, value ?? '', ctx), { inner: 'keep' });
    value = undefined;
    // over the cell cap: the row is an error row (quarantined with its number), reading goes on
    if (text.length > maxCell) rowError ??= `unreadable row: cell ${col} holds ${text.length > maxCell + 1 ? 'over ' : ''}${text.length - (text.length > maxCell + 1 ? 1 : 0)} characters, over the cap of ${maxCell} (maxCellChars)`;
    while (cells.length < col - 1) cells.push('');
    cells[col - 1] = text;
  }

  try {
    for await (const t of zip.text(part)) {
      parser.write(t);
      if (stop) break;
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (!stop) parser.close();
  } catch (e) {
    const why = e instanceof YimenError ? e.message : `unreadable sheet: ${(e as Error).message}`;
    // the row being read when the XML broke is not given: it may be cut
    stop ??= { row: pending?.row ?? lastRow + 1, error: why, incomplete: true };
    pending = undefined;
  }
  // the last row, then the empty rows the sheet numbers up to
  if (!stop) {
    flush();
    for (let g = given + 1; g <= shape.lastRow; g++) emit(g, undefined, undefined);
  }
  if (stop) batch.push(stop);
  if (batch.length) yield batch;
}
