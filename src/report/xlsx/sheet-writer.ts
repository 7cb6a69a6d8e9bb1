// The streaming XLSX writer for large workbooks (the PM report, the redirect workbook): each sheet
// is written as SpreadsheetML text, row by row, straight into a streaming ZIP (zip.ts), so 300,000
// rows stay in flat memory and cost a string per cell instead of exceljs' objects and style
// look-ups per cell. Every sheet has a bold frozen header row, column widths and (by default) an
// autofilter; numbers are numbers, Dates are real Excel dates (a date style), text is an inline
// string through safeCell (the formula guard and _xHHHH_ for XML-forbidden characters) and
// XML-escaped. Small workbooks with data validation keep exceljs (workbook.ts).
import { YimenError } from '../../errors.js';
import { safeCell } from './cells.js';
import { ZipWriter } from './zip.js';

export interface SheetColumn {
  header: string;
  /** in characters */
  width: number;
  /** how a Date in this column shows; a Date elsewhere shows as a timestamp */
  format?: 'date' | 'datetime';
}

export interface SheetOptions {
  /** an autofilter on the header row (default true) */
  autoFilter?: boolean;
}

const CHUNK = 1 << 20;

/** Excel's row limit, less the header row */
export const MAX_SHEET_ROWS = 1_048_575;

// cellXfs: 0 plain, 1 bold header, 2 date, 3 timestamp (custom numFmts 164, 165)
const STYLE = { plain: 0, header: 1, date: 2, datetime: 3 } as const;
const NUMFMT = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm' } as const;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const SHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

const ESC = /[&<>"]/;
const ESC_G = /[&<>"]/g;
const ESC_MAP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const escXml = (s: string): string => (ESC.test(s) ? s.replace(ESC_G, (c) => ESC_MAP[c]!) : s);

/** A, B, …, Z, AA, … for a 1-based column number */
export function columnLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** an instant as an Excel serial date (days since 1899-12-30, the wall clock the Date holds in UTC) */
export function excelSerial(d: Date): number {
  return d.getTime() / 86_400_000 + 25_569;
}

/** the XML of one cell at ref, '' for an empty value */
function cellXml(ref: string, v: unknown, style: number, dateStyle: number): string {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${v}</v></c>` : '';
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isNaN(t) ? '' : `<c r="${ref}" s="${style || dateStyle}"><v>${excelSerial(v)}</v></c>`;
  }
  const c = safeCell(String(v)) as string;
  if (c === '') return '';
  const t = escXml(c);
  const edge = t.charCodeAt(0) <= 32 || t.charCodeAt(t.length - 1) <= 32;
  return `<c r="${ref}"${style ? ` s="${style}"` : ''} t="inlineStr"><is><t${edge ? ' xml:space="preserve"' : ''}>${t}</t></is></c>`;
}

/** sheet names: ≤ 31 characters, none of : \ / ? * [ ], unique (case-insensitively) */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]\u0000-\u001f]/g, '_').slice(0, 31) || 'sheet';
  let n = base;
  for (let i = 2; used.has(n.toLowerCase()); i++) n = `${base.slice(0, 26)}(${i})`;
  used.add(n.toLowerCase());
  return n;
}

/** Writes a workbook sheet after sheet; `close()` finishes the file. */
export class XlsxWriter {
  private zip: ZipWriter;
  private sheets: Array<{ name: string; filter?: string }> = [];
  private used = new Set<string>();

  constructor(file: string) {
    this.zip = new ZipWriter(file);
  }

  /** Adds a sheet (its name made valid and unique) with these rows; returns how many rows it wrote. */
  async addSheet(name: string, columns: readonly SheetColumn[], rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>, opts: SheetOptions = {}): Promise<number> {
    const sheet = { name: sheetName(name, this.used), filter: undefined as string | undefined };
    const last = columnLetter(columns.length);
    if (opts.autoFilter !== false && columns.length) sheet.filter = `A1:${last}1`;
    this.sheets.push(sheet);
    let count = 0;
    const letters = columns.map((_, i) => columnLetter(i + 1));
    const dateStyles = columns.map((c) => (c.format === 'date' ? STYLE.date : STYLE.datetime));
    const tooMany = () =>
      new YimenError('E_EXPORT_XLSX_SIZE', `sheet "${sheet.name}" would have more than ${MAX_SHEET_ROWS.toLocaleString('en')} rows`, { hint: 'write fewer apps at a time (--app)' });
    async function* body(): AsyncGenerator<string | Buffer> {
      let x =
        `${XML_HEAD}<worksheet xmlns="${SHEET_NS}" xmlns:r="${REL_NS}">` +
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        '<sheetFormatPr defaultRowHeight="15"/>' +
        `<cols>${columns
          .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"${c.format ? ` style="${STYLE[c.format]}"` : ''}/>`)
          .join('')}</cols><sheetData><row r="1">`;
      for (let i = 0; i < columns.length; i++) x += cellXml(`${letters[i]}1`, columns[i]!.header, STYLE.header, STYLE.header);
      yield `${x}</row>`;
      // each row's text goes straight into a 1 MiB buffer: handing the ZIP one long concatenated
      // string instead costs more in flattening it than in building it
      let buf = Buffer.allocUnsafe(CHUNK);
      let off = 0;
      let r = 1;
      for await (const cells of rows) {
        if (++r > MAX_SHEET_ROWS + 1) throw tooMany();
        let y = `<row r="${r}">`;
        const n = Math.min(cells.length, letters.length);
        for (let i = 0; i < n; i++) {
          const v = cells[i];
          if (v !== undefined && v !== null && v !== '') y += cellXml(letters[i]! + r, v, 0, dateStyles[i]!);
        }
        y += '</row>';
        if (off + 3 * y.length > CHUNK) {
          yield buf.subarray(0, off);
          buf = Buffer.allocUnsafe(Math.max(CHUNK, 3 * y.length));
          off = 0;
        }
        off += buf.write(y, off, 'utf8');
      }
      if (off) yield buf.subarray(0, off);
      count = r - 1;
      yield `</sheetData>${sheet.filter ? `<autoFilter ref="${sheet.filter}"/>` : ''}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
    }
    await this.zip.entry(`xl/worksheets/sheet${this.sheets.length}.xml`, body());
    return count;
  }

  /** the workbook, its relationships, styles and content types; then the ZIP's directory */
  async close(): Promise<void> {
    const s = this.sheets;
    const quoted = (n: string) => `'${n.replace(/'/g, "''")}'`;
    const filters = s
      .map((x, i) => (x.filter ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escXml(quoted(x.name))}!${x.filter.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')}</definedName>` : ''))
      .join('');
    await this.zip.entry('[Content_Types].xml', [
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
        s.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT}.worksheet+xml"/>`).join('') +
        '</Types>',
    ]);
    await this.zip.entry('_rels/.rels', [
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ]);
    await this.zip.entry('xl/workbook.xml', [
      `${XML_HEAD}<workbook xmlns="${SHEET_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>` +
        s.map((x, i) => `<sheet name="${escXml(x.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        `</sheets>${filters ? `<definedNames>${filters}</definedNames>` : ''}</workbook>`,
    ]);
    await this.zip.entry('xl/_rels/workbook.xml.rels', [
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        s.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${s.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    ]);
    await this.zip.entry('xl/styles.xml', [
      `${XML_HEAD}<styleSheet xmlns="${SHEET_NS}">` +
        `<numFmts count="2"><numFmt numFmtId="164" formatCode="${NUMFMT.date}"/><numFmt numFmtId="165" formatCode="${NUMFMT.datetime}"/></numFmts>` +
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
        '</styleSheet>',
    ]);
    await this.zip.close();
  }
}
