// The redirect workbook for managers: a summary sheet and one sheet per app (old entry → action →
// new destination, hits, verification), written through the streaming sheet writer
// (sheet-writer.ts: flat memory, formula-safe and XML-safe cells).
import { MAX_SHEET_ROWS, XlsxWriter, type SheetColumn } from './sheet-writer.js';

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

const HEADERS = ['原入口 old entry', '类型 kind', '名称 label', '处置 action', '状态码 status', '新地址 new destination', '原因 reason', '访问量 hits', '验证 verification'];
const WIDTHS = [50, 11, 20, 12, 10, 50, 40, 10, 16];
const SUMMARY_HEADERS = ['应用 app', '名称 name', '入口 entry points', '跳转 redirect', '公告 notice', '未定 unresolved', '待发布 pending', '访问量 hits'];

export async function writeRedirectWorkbook(file: string, wb: RedirectWorkbook): Promise<{ sheets: number }> {
  const out = new XlsxWriter(file);
  const columns = (headers: string[], widths: number[]): SheetColumn[] => headers.map((header, i) => ({ header, width: widths[i]! }));
  const summaryRows = wb.apps.map((app) => {
    const by: Record<string, number> = { redirect: 0, notice: 0, unresolved: 0, pending: 0 };
    let hits = 0;
    for (const r of app.rows) {
      by[r.action] = (by[r.action] ?? 0) + 1;
      hits += r.hits ?? 0;
    }
    return [app.id, app.name, app.rows.length, by.redirect, by.notice, by.unresolved, by.pending, hits];
  });
  let sheets = 1;
  await out.addSheet('汇总 summary', columns(SUMMARY_HEADERS, [16, 20, 12, 12, 12, 14, 14, 12]), summaryRows);
  for (const app of wb.apps) {
    // a bigger app continues on a second sheet
    for (let start = 0; start === 0 || start < app.rows.length; start += MAX_SHEET_ROWS) {
      const part = app.rows.slice(start, start + MAX_SHEET_ROWS);
      sheets++;
      await out.addSheet(
        start ? `${app.id.slice(0, 24)} (${start / MAX_SHEET_ROWS + 1})` : app.id.slice(0, 28),
        columns(HEADERS, WIDTHS),
        (function* () {
          for (const r of part) yield [r.source, r.kind, r.label, r.action, r.status, r.destination, r.reason, r.hits, r.verification];
        })(),
      );
      if (!app.rows.length) break;
    }
  }
  await out.close();
  return { sheets };
}
