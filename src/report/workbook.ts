// The XLSX workbook a project manager forwards: 总览, 按地区, 按应用, 事项明细, 入口与跳转,
// 待人工审核, 隔离记录, 时间线. Written with exceljs' streaming writer, one sheet after another, so
// 300,000 service rows never sit in memory; frozen header rows, filters, widths, dates as dates.
// Every text cell goes through the formula guard (src/report/cells.ts) and has XML-forbidden
// control characters written as _xHHHH_ (the escape Excel reads back).
import type ExcelJS from 'exceljs';
import type { ServiceReportRow, Store } from '../store/store.js';
import type { Workspace } from '../workspace/loader.js';
import { safeCell } from './xlsx/cells.js';
import type { ReportModel, RegionNode } from './model.js';
import { labels, type Labels, type Lang } from './i18n.js';

/** a cell value from a source: text is guarded and XML-safe; numbers and dates stay what they are */
export function cell(v: unknown): string | number | Date | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' || v instanceof Date) return v;
  return safeCell(String(v));
}

/** an ISO timestamp as a date Excel shows in Asia/Shanghai wall-clock time (Excel dates have no zone) */
export function shanghaiDateTime(iso: string | undefined): Date | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t + 8 * 3_600_000);
}

/** a YYYY-MM-DD date as an Excel date */
export function dayDate(d: string | undefined): Date | undefined {
  if (!d) return undefined;
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : new Date(t);
}

interface Col {
  header: string;
  width: number;
  fmt?: string;
}

const DATE = 'yyyy-mm-dd';
const DATETIME = 'yyyy-mm-dd hh:mm';

function colLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, cols: Col[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map((c) => (c.fmt ? { header: c.header, width: c.width, style: { numFmt: c.fmt } } : { header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = `A1:${colLetter(cols.length)}1`;
  return {
    add(values: unknown[]) {
      ws.addRow(values.map(cell)).commit();
    },
    commit: () => ws.commit(),
  };
}

export interface WorkbookResult {
  file: string;
  rows: Record<string, number>;
}

export async function writeWorkbook(file: string, m: ReportModel, ws: Workspace, store: Store, lang: Lang = 'zh'): Promise<WorkbookResult> {
  const L = labels(lang);
  const { default: Excel } = await import('exceljs'); // loaded for an xlsx report only
  const wb = new Excel.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  wb.creator = 'yimen';
  const counts: Record<string, number> = {};
  const only = new Set(m.apps.map((a) => a.appId));
  const appName = new Map(m.apps.map((a) => [a.appId, a.name]));
  const t = m.region.totals;
  const names = sheetNames(lang);

  // 总览
  const ov = sheet(wb, names.overview, [
    { header: L.name, width: 28 },
    { header: L.count, width: 40 },
  ]);
  const kv: Array<[string, unknown]> = [
    [L.programme, m.programme],
    [L.asOf, dayDate(m.asOf)],
    [L.generated, shanghaiDateTime(m.generatedAt)],
    [L.apps, t.apps],
    [L.services, t.services],
    [L.migrate, t.migrate],
    [L.merge, t.merge],
    [L.retire, t.retire],
    [L.review, t.review],
    [L.undecided, t.undecided],
    [L.published, t.published],
    [L.entryPoints, t.entryPoints],
    [L.unresolved, t.unresolved],
    [L.blockers, t.blockers],
    [L.atRisk, t.atRisk],
    [L.overdue, t.overdue],
    [L.catalog, m.status.catalog.items],
    [L.hits, m.hitsAvailable ? L.byHits : L.noHits],
  ];
  for (const [k, v] of kv) ov.add([k, v instanceof Date ? v : v]);
  ov.commit();

  // 按地区
  const rg = sheet(wb, names.regions, [
    { header: L.level, width: 10 },
    { header: L.code, width: 10 },
    { header: L.name, width: 18 },
    ...[L.apps, L.services, L.migrate, L.merge, L.retire, L.review, L.undecided, L.published, L.entryPoints, L.unresolved, L.blockers, L.atRisk, L.overdue].map((h) => ({ header: h, width: 10 })),
  ]);
  const walk = (r: RegionNode) => {
    const x = r.totals;
    rg.add([L[r.level], r.code, r.name, x.apps, x.services, x.migrate, x.merge, x.retire, x.review, x.undecided, x.published, x.entryPoints, x.unresolved, x.blockers, x.atRisk, x.overdue]);
    for (const c of r.children) walk(c);
  };
  walk(m.region);
  rg.commit();

  // 按应用
  const ap = sheet(wb, names.apps, [
    { header: L.id, width: 14 },
    { header: L.app, width: 18 },
    { header: L.city, width: 10 },
    { header: L.county, width: 12 },
    { header: L.code, width: 9 },
    { header: L.stage, width: 12 },
    ...[L.extracted, L.quarantined, L.services, L.invalid, L.migrate, L.merge, L.retire, L.review, L.undecided, L.published, L.entryPoints, L.redirect, L.notice, L.pending, L.unresolved].map((h) => ({
      header: h,
      width: 9,
    })),
    { header: L.shutdown, width: 12, fmt: DATE },
    { header: L.daysToShutdown, width: 10 },
    { header: L.blockers, width: 60 },
  ]);
  for (const a of m.apps) {
    ap.add([
      a.appId,
      a.name,
      a.cityName,
      a.countyName,
      a.division,
      L.stageNames[a.stage],
      a.extracted,
      a.quarantined,
      a.services,
      a.invalid,
      a.migrate,
      a.merge,
      a.retire,
      a.review,
      a.undecided,
      a.published,
      a.entryPoints,
      a.redirects.redirect,
      a.redirects.notice,
      a.redirects.pending,
      a.redirects.unresolved,
      dayDate(a.timeline.shutdown),
      a.timeline.daysToShutdown,
      a.blockers.map((b) => `${L.blockerNames[b.kind]} ${b.count}: ${b.command}`).join('\n'),
    ]);
  }
  ap.commit();

  // 事项明细: every service, streamed; the review queue is kept aside for its own sheet
  const sv = sheet(wb, names.services, [
    { header: L.id, width: 22 },
    { header: L.app, width: 12 },
    { header: L.name, width: 36 },
    { header: 'catalogCode', width: 14 },
    { header: L.action, width: 9 },
    { header: L.decidedBy, width: 9 },
    { header: L.score, width: 7 },
    { header: L.destination, width: 16 },
    { header: L.reason, width: 40 },
    { header: L.date, width: 16, fmt: DATETIME },
    { header: L.published, width: 8 },
    { header: L.url, width: 36 },
    { header: `${L.published} ${L.date}`, width: 16, fmt: DATETIME },
    { header: L.problem, width: 9 },
    { header: L.invalid, width: 30 },
    { header: L.locator, width: 26 },
  ]);
  const review: ServiceReportRow[] = [];
  let n = 0;
  for (const r of store.report.services(ws.config.target.type)) {
    if (!only.has(r.appId)) continue;
    n++;
    if (r.action === 'review') review.push(r);
    const problem = r.error ? 'invalid' : r.action === 'review' ? 'review' : !r.action ? 'undecided' : r.action === 'migrate' && r.publication !== 'listed' ? 'unpublished' : '';
    sv.add([
      r.id,
      r.appId,
      r.name,
      r.catalogCode,
      r.action ? L[r.action as 'migrate'] : L.undecided,
      r.decidedBy ? (L.decidedByNames as Record<string, string>)[r.decidedBy] : undefined,
      r.score,
      r.decisionTarget,
      r.reason,
      shanghaiDateTime(r.decidedAt),
      r.publication === 'listed' ? L.yes : '',
      r.url,
      shanghaiDateTime(r.publishedAt),
      L.problemNames[problem],
      r.error,
      r.locator,
    ]);
  }
  sv.commit();
  counts.services = n;

  // 入口与跳转
  const ep = sheet(wb, names.entryPoints, [
    { header: L.id, width: 22 },
    { header: L.app, width: 12 },
    { header: L.kind, width: 10 },
    { header: L.address, width: 50 },
    { header: L.label, width: 20 },
    { header: L.action, width: 10 },
    { header: L.destination, width: 50 },
    { header: L.reason, width: 40 },
    { header: L.hits, width: 9 },
    { header: L.date, width: 16, fmt: DATETIME },
  ]);
  n = 0;
  for (const a of m.apps) {
    for (const e of store.report.entryPoints(a.appId)) {
      n++;
      ep.add([e.id, e.appId, e.kind, e.address, e.label, e.action ? ((L as unknown as Record<string, string>)[e.action] ?? e.action) : L.unplanned, e.destination, e.reason, undefined, shanghaiDateTime(e.ruleAt)]);
    }
  }
  ep.commit();
  counts.entryPoints = n;

  // 待人工审核
  const rv = sheet(wb, names.review, [
    { header: L.id, width: 22 },
    { header: L.app, width: 12 },
    { header: L.name, width: 36 },
    { header: L.reason, width: 40 },
    { header: L.candidate, width: 30 },
    { header: 'code', width: 14 },
    { header: L.score, width: 7 },
    { header: L.hits, width: 9 },
    { header: L.command, width: 30 },
  ]);
  for (const r of review) rv.add([r.id, r.appId, r.name, r.reason, r.candidate?.name, r.candidate?.code, r.candidate?.score, r.monthlyVisits, `yimen review --app ${r.appId}`]);
  rv.commit();
  counts.review = review.length;
  review.length = 0;

  // 隔离记录
  const qs = sheet(wb, names.quarantine, [
    { header: L.app, width: 12 },
    { header: L.stage, width: 9 },
    { header: 'stream', width: 12 },
    { header: L.locator, width: 36 },
    { header: L.field, width: 16 },
    { header: L.reason, width: 60 },
    { header: L.date, width: 16, fmt: DATETIME },
  ]);
  n = 0;
  for (const a of m.apps) {
    for (const q of store.quarantine.list({ appId: a.appId })) {
      n++;
      qs.add([q.appId, q.stage, q.stream, q.locator, q.field, q.reason, shanghaiDateTime(q.at)]);
    }
  }
  qs.commit();
  counts.quarantine = n;

  // 时间线
  const tl = sheet(wb, names.timeline, [
    { header: L.id, width: 14 },
    { header: L.app, width: 18 },
    { header: L.county, width: 12 },
    { header: L.announce, width: 12, fmt: DATE },
    { header: L.redirectDate, width: 12, fmt: DATE },
    { header: L.shutdown, width: 12, fmt: DATE },
    { header: L.daysToShutdown, width: 10 },
    { header: L.overdue, width: 8 },
    { header: L.atRisk, width: 8 },
    { header: L.blockers, width: 8 },
    { header: L.stage, width: 12 },
  ]);
  const byDays = [...m.apps].sort((x, y) => (x.timeline.daysToShutdown ?? 1e9) - (y.timeline.daysToShutdown ?? 1e9));
  for (const a of byDays) {
    tl.add([
      a.appId,
      appName.get(a.appId),
      a.countyName,
      dayDate(a.timeline.announce),
      dayDate(a.timeline.redirect),
      dayDate(a.timeline.shutdown),
      a.timeline.daysToShutdown,
      a.timeline.overdue ? L.yes : '',
      a.timeline.atRisk ? L.yes : '',
      a.blockers.length,
      L.stageNames[a.stage],
    ]);
  }
  tl.commit();

  await wb.commit();
  return { file, rows: counts };
}

/** the sheet names: the Chinese ones are what the issue asks for; English for --lang en */
export function sheetNames(lang: Lang) {
  return lang === 'en'
    ? { overview: 'Overview', regions: 'By region', apps: 'By app', services: 'Services', entryPoints: 'Entry points', review: 'Review', quarantine: 'Quarantine', timeline: 'Timeline' }
    : { overview: '总览', regions: '按地区', apps: '按应用', services: '事项明细', entryPoints: '入口与跳转', review: '待人工审核', quarantine: '隔离记录', timeline: '时间线' };
}

export type { Labels };
