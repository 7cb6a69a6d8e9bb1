// The redirect workbook for managers: a summary sheet and one sheet per app (old entry → action →
// new destination, hits, verification). Written as SpreadsheetML row by row into a streaming ZIP
// (300,000 rows in flat memory, several times faster than exceljs's object per cell),
// formula-safe (src/report/cells.ts) and XML-safe: characters XML 1.0 forbids become _xHHHH_.
import { safeCell } from './cells.js';
import { ZipWriter } from './zip.js';

export interface RedirectSheetRow {
  source: string;
  kind: string;
  label?: string;
  action: string;
  status?: number;
  destination?: string;
  reason: string;
  hits?: number;
  verification?: string;
}

export interface RedirectWorkbook {
  apps: Array<{ id: string; name: string; rows: RedirectSheetRow[] }>;
}

/** Excel's limit, less the header row: a bigger app continues on a second sheet */
export const MAX_SHEET_ROWS = 1_048_575;

const HEADERS = ['原入口 old entry', '类型 kind', '名称 label', '处置 action', '状态码 status', '新地址 new destination', '原因 reason', '访问量 hits', '验证 verification'];
const WIDTHS = [50, 11, 20, 12, 10, 50, 40, 10, 16];
const SUMMARY_HEADERS = ['应用 app', '名称 name', '入口 entry points', '跳转 redirect', '公告 notice', '未定 unresolved', '待发布 pending', '访问量 hits'];
const COLS = 'ABCDEFGHIJ';

const escXml = (s: string) => s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

function cellXml(ref: string, v: unknown, style = 0): string {
  const s = style ? ` s="${style}"` : '';
  const c = safeCell(v);
  if (c === undefined || c === '') return '';
  if (typeof c === 'number') return `<c r="${ref}"${s}><v>${c}</v></c>`;
  const t = escXml(c);
  return `<c r="${ref}"${s} t="inlineStr"><is><t${/^\s|\s$/.test(t) ? ' xml:space="preserve"' : ''}>${t}</t></is></c>`;
}

function rowXml(r: number, cells: unknown[], style = 0): string {
  let x = `<row r="${r}">`;
  for (let i = 0; i < cells.length; i++) x += cellXml(`${COLS[i]}${r}`, cells[i], style);
  return `${x}</row>`;
}

function* sheetXml(headers: string[], widths: number[], rows: Iterable<unknown[]>): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols><sheetData>` +
    rowXml(1, headers, 1);
  let r = 1;
  let chunk = '';
  for (const cells of rows) {
    chunk += rowXml(++r, cells);
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}</sheetData></worksheet>`;
}

/** sheet names: ≤ 31 characters, none of : \ / ? * [ ], unique */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]\u0000-\u001f]/g, '_').slice(0, 28) || 'app';
  let n = base;
  for (let i = 2; used.has(n.toLowerCase()); i++) n = `${base.slice(0, 26)}(${i})`;
  used.add(n.toLowerCase());
  return n;
}

export async function writeRedirectWorkbook(file: string, wb: RedirectWorkbook): Promise<{ sheets: number }> {
  const zip = new ZipWriter(file);
  const used = new Set<string>();
  const sheets: string[] = [];
  const summaryRows = wb.apps.map((app) => {
    const by: Record<string, number> = { redirect: 0, notice: 0, unresolved: 0, pending: 0 };
    let hits = 0;
    for (const r of app.rows) {
      by[r.action] = (by[r.action] ?? 0) + 1;
      hits += r.hits ?? 0;
    }
    return [app.id, app.name, app.rows.length, by.redirect, by.notice, by.unresolved, by.pending, hits];
  });
  sheets.push(sheetName('汇总 summary', used));
  await zip.entry('xl/worksheets/sheet1.xml', sheetXml(SUMMARY_HEADERS, [16, 20, 12, 12, 12, 14, 14, 12], summaryRows));
  for (const app of wb.apps) {
    for (let start = 0; start === 0 || start < app.rows.length; start += MAX_SHEET_ROWS) {
      sheets.push(sheetName(start ? `${app.id} (${start / MAX_SHEET_ROWS + 1})` : app.id, used));
      const part = app.rows.slice(start, start + MAX_SHEET_ROWS);
      await zip.entry(
        `xl/worksheets/sheet${sheets.length}.xml`,
        sheetXml(HEADERS, WIDTHS, (function* () {
          for (const r of part) yield [r.source, r.kind, r.label, r.action, r.status, r.destination, r.reason, r.hits, r.verification];
        })()),
      );
      if (!app.rows.length) break;
    }
  }
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  await zip.entry('[Content_Types].xml', [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/>` +
      sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ct}.worksheet+xml"/>`).join('') +
      '</Types>',
  ]);
  await zip.entry('_rels/.rels', [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  ]);
  await zip.entry('xl/workbook.xml', [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
      sheets.map((n, i) => `<sheet name="${escXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
  ]);
  await zip.entry('xl/_rels/workbook.xml.rels', [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  ]);
  await zip.entry('xl/styles.xml', [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
      '</styleSheet>',
  ]);
  await zip.close();
  return { sheets: sheets.length };
}
