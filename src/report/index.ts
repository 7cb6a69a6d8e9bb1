// `yimen report`: the report model, then the formats asked for (HTML dashboard, XLSX workbook,
// Markdown summary), written into one folder; with --since / --compare, what changed too.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Store } from '../store/store.js';
import type { Workspace } from '../workspace/loader.js';
import { YimenError } from '../errors.js';
import { buildReportModel, ReportLists, type HitsSource, type ReportModel } from './model.js';
import { buildChanges, type ChangeReport } from './changes.js';
import { renderHtml } from './html/page.js';
import { writeWorkbook } from './workbook.js';
import { renderMarkdown } from './markdown.js';
import type { Lang } from './i18n.js';

export const REPORT_FORMATS = ['html', 'xlsx', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportRequest {
  out: string;
  formats: ReportFormat[];
  lang: Lang;
  apps?: string[];
  since?: string;
  compare?: [string, string];
  today?: string;
  tableLimit?: number;
  hits?: HitsSource;
}

export interface ReportResult {
  out: string;
  files: Array<{ format: ReportFormat; path: string; bytes: number }>;
  services: number;
  embeddedRows: number;
  changes?: ChangeReport;
  markdown?: string;
  timings: Record<string, number>;
}

export async function generateReport(ws: Workspace, store: Store, req: ReportRequest): Promise<ReportResult> {
  for (const a of req.apps ?? []) {
    if (!ws.config.apps.some((x) => x.id === a)) {
      throw new YimenError('E_UNKNOWN_APP', `no app "${a}" in yimen.yaml`, { hint: `apps: ${ws.config.apps.map((x) => x.id).join(', ')}`, exitCode: 2 });
    }
  }
  const timings: Record<string, number> = {};
  const time = async <T>(k: string, f: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    timings[k] = Math.round(performance.now() - t0);
    return r;
  };
  const formats = [...new Set(req.formats)];
  const opts = { today: req.today, apps: req.apps, tableLimit: req.tableLimit, hits: req.hits ?? storedHits(store) };
  // with both the dashboard and the workbook, the model's lists fill from the rows the workbook
  // writes, so the services and entry points are read once; the workbook is then written first
  const shared = formats.includes('html') && formats.includes('xlsx');
  const model: ReportModel = await time('model', () => buildReportModel(ws, store, { ...opts, lists: formats.includes('html') && !shared }));
  const lists = shared ? new ReportLists(model, opts) : undefined;
  if (shared) formats.sort((a, b) => (a === 'xlsx' ? -1 : b === 'xlsx' ? 1 : 0));
  const changes = req.compare
    ? buildChanges(ws, store, model, req.compare[0], req.compare[1])
    : req.since
      ? buildChanges(ws, store, model, req.since)
      : undefined;
  const out = resolve(req.out);
  mkdirSync(out, { recursive: true });
  const files: ReportResult['files'] = [];
  const stamp = model.asOf;
  const base = req.lang === 'en' ? `report-${stamp}-en` : `report-${stamp}`;
  let markdown: string | undefined;
  for (const f of formats) {
    const path = join(out, `${base}.${f}`);
    if (f === 'html') {
      lists?.fill();
      await time('html', () => writeFileSync(path, renderHtml(model, req.lang)));
    } else if (f === 'xlsx') await time('xlsx', () => writeWorkbook(path, model, ws, store, req.lang, lists));
    else {
      markdown = renderMarkdown(model, changes, req.lang);
      writeFileSync(path, markdown);
    }
    files.push({ format: f, path, bytes: statSync(path).size });
  }
  files.sort((a, b) => req.formats.indexOf(a.format) - req.formats.indexOf(b.format)); // as asked
  return { out, files, services: model.table.total, embeddedRows: model.table.rows.length, changes, markdown, timings };
}

export { buildReportModel, buildChanges, renderHtml, writeWorkbook, renderMarkdown };
export type { ReportModel, ChangeReport };

/** traffic from imported access logs (`yimen redirects hits import`), when there is any */
function storedHits(store: Store): HitsSource | undefined {
  const all = store.hits.byEntryPoint();
  if (!all.size) return undefined;
  return (appId) => store.hits.byEntryPoint(appId);
}
