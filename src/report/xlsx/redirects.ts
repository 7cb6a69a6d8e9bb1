// The redirect workbook for managers: a summary sheet and one sheet per app (old entry → action →
// new destination, hits, verification). Streamed (300,000 rows stay flat in memory), formula-safe
// (src/report/cells.ts) and XML-safe: characters XML 1.0 forbids are written as Excel's _xHHHH_.
import ExcelJS from 'exceljs';
import { safeCell } from '../cells.js';

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
  title: string;
  apps: Array<{ id: string; name: string; rows: RedirectSheetRow[] }>;
}

/** Excel's limit, less the header row */
export const MAX_SHEET_ROWS = 1_048_575;

const COLUMNS: Array<{ header: string; key: keyof RedirectSheetRow; width: number }> = [
  { header: '原入口 old entry', key: 'source', width: 50 },
  { header: '类型 kind', key: 'kind', width: 11 },
  { header: '名称 label', key: 'label', width: 20 },
  { header: '处置 action', key: 'action', width: 12 },
  { header: '状态码 status', key: 'status', width: 10 },
  { header: '新地址 new destination', key: 'destination', width: 50 },
  { header: '原因 reason', key: 'reason', width: 40 },
  { header: '访问量 hits', key: 'hits', width: 10 },
  { header: '验证 verification', key: 'verification', width: 16 },
];

/** text Excel reads back as written: a literal `_x0041_` escaped, forbidden characters as _xHHHH_ */
export function xmlSafeText(s: string): string {
  return s
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

function cell(v: unknown): string | number | undefined {
  const c = safeCell(v);
  return typeof c === 'string' ? xmlSafeText(c) : c;
}

/** sheet names: ≤ 31 characters, none of : \ / ? * [ ], unique */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]]/g, '_').slice(0, 28) || 'app';
  let n = base;
  for (let i = 2; used.has(n.toLowerCase()); i++) n = `${base.slice(0, 26)}(${i})`;
  used.add(n.toLowerCase());
  return n;
}

export async function writeRedirectWorkbook(file: string, wb: RedirectWorkbook): Promise<{ sheets: number }> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
  const used = new Set<string>();
  const summary = book.addWorksheet(sheetName('汇总 summary', used));
  summary.columns = [
    { header: '应用 app', key: 'app', width: 16 },
    { header: '名称 name', key: 'name', width: 20 },
    { header: '入口 entry points', key: 'total', width: 12 },
    { header: '跳转 redirect', key: 'redirect', width: 12 },
    { header: '公告 notice', key: 'notice', width: 12 },
    { header: '未定 unresolved', key: 'unresolved', width: 14 },
    { header: '待发布 pending', key: 'pending', width: 14 },
    { header: '访问量 hits', key: 'hits', width: 12 },
  ];
  summary.getRow(1).font = { bold: true };
  for (const app of wb.apps) {
    const by: Record<string, number> = { redirect: 0, notice: 0, unresolved: 0, pending: 0 };
    let hits = 0;
    for (const r of app.rows) {
      by[r.action] = (by[r.action] ?? 0) + 1;
      hits += r.hits ?? 0;
    }
    summary.addRow({ app: cell(app.id), name: cell(app.name), total: app.rows.length, ...by, hits }).commit();
  }
  summary.commit();
  let sheets = 1;
  for (const app of wb.apps) {
    for (let start = 0; start === 0 || start < app.rows.length; start += MAX_SHEET_ROWS) {
      const sh = book.addWorksheet(sheetName(start ? `${app.id} (${start / MAX_SHEET_ROWS + 1})` : app.id, used));
      sheets++;
      sh.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
      sh.getRow(1).font = { bold: true };
      const end = Math.min(app.rows.length, start + MAX_SHEET_ROWS);
      for (let i = start; i < end; i++) {
        const r = app.rows[i]!;
        sh.addRow([cell(r.source), cell(r.kind), cell(r.label), cell(r.action), r.status, cell(r.destination), cell(r.reason), r.hits, cell(r.verification)]).commit();
      }
      sh.commit();
      if (!app.rows.length) break;
    }
  }
  await book.commit();
  return { sheets };
}
