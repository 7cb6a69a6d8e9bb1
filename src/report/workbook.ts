// The XLSX workbook a project manager forwards: 总览, 按地区, 按应用, 事项明细, 入口与跳转,
// 待人工审核, 隔离记录, 时间线. Written through the streaming sheet writer (xlsx/sheet-writer.ts),
// one sheet after another, rows straight from the store's cursors, so 300,000 service rows never
// sit in memory; frozen header rows, filters, widths, dates as dates. Every text cell goes
// through the formula guard and has XML-forbidden characters written as _xHHHH_ (xlsx/cells.ts).
import type { EntryPointReportRow, ServiceReportRow, Store } from '../store/store.js';
import type { Workspace } from '../workspace/loader.js';
import { XlsxWriter, type SheetColumn } from './xlsx/sheet-writer.js';
import type { ReportModel, RegionNode } from './model.js';
import { labels, type Labels, type Lang } from './i18n.js';

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

type Col = SheetColumn;

const DATE = 'date';
const DATETIME = 'datetime';

export interface WorkbookResult {
  file: string;
  rows: Record<string, number>;
}

/** Sees every service and entry point row the workbook writes (the model's lists fill from them). */
export interface RowObserver {
  service(r: ServiceReportRow): void;
  entryPoint(e: EntryPointReportRow): void;
}

export async function writeWorkbook(file: string, m: ReportModel, ws: Workspace, store: Store, lang: Lang = 'zh', observe?: RowObserver): Promise<WorkbookResult> {
  const L = labels(lang);
  const wb = new XlsxWriter(file);
  const counts: Record<string, number> = {};
  const only = new Set(m.apps.map((a) => a.appId));
  const appName = new Map(m.apps.map((a) => [a.appId, a.name]));
  const t = m.region.totals;
  const names = sheetNames(lang);

  // 总览
  const ovCols: Col[] = [
    { header: L.name, width: 28 },
    { header: L.count, width: 40 },
  ];
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
  await wb.addSheet(names.overview, ovCols, kv);

  // 按地区
  const rgCols: Col[] = [
    { header: L.level, width: 10 },
    { header: L.code, width: 10 },
    { header: L.name, width: 18 },
    ...[L.apps, L.services, L.migrate, L.merge, L.retire, L.review, L.undecided, L.published, L.entryPoints, L.unresolved, L.blockers, L.atRisk, L.overdue].map((h) => ({ header: h, width: 10 })),
  ];
  function* walk(r: RegionNode): Generator<unknown[]> {
    const x = r.totals;
    yield [L[r.level], r.code, r.name, x.apps, x.services, x.migrate, x.merge, x.retire, x.review, x.undecided, x.published, x.entryPoints, x.unresolved, x.blockers, x.atRisk, x.overdue];
    for (const c of r.children) yield* walk(c);
  }
  await wb.addSheet(names.regions, rgCols, walk(m.region));

  // 按应用
  const apCols: Col[] = [
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
    { header: L.shutdown, width: 12, format: DATE },
    { header: L.daysToShutdown, width: 10 },
    { header: L.blockers, width: 60 },
  ];
  await wb.addSheet(
    names.apps,
    apCols,
    m.apps.map((a) => [
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
    ]),
  );

  // 事项明细: every service, streamed; the review queue is kept aside for its own sheet
  const svCols: Col[] = [
    { header: L.id, width: 22 },
    { header: L.app, width: 12 },
    { header: L.name, width: 36 },
    { header: 'catalogCode', width: 14 },
    { header: L.action, width: 9 },
    { header: L.decidedBy, width: 9 },
    { header: L.score, width: 7 },
    { header: L.destination, width: 16 },
    { header: L.reason, width: 40 },
    { header: L.date, width: 16, format: DATETIME },
    { header: L.published, width: 8 },
    { header: L.url, width: 36 },
    { header: `${L.published} ${L.date}`, width: 16, format: DATETIME },
    { header: L.problem, width: 9 },
    { header: L.invalid, width: 30 },
    { header: L.locator, width: 26 },
  ];
  const review: ServiceReportRow[] = [];
  const actionName = (a: string | undefined) => (a ? ((L as unknown as Record<string, string>)[a] ?? a) : L.undecided);
  function* services(): Generator<unknown[]> {
    for (const r of store.report.services(ws.config.target.type)) {
      if (!only.has(r.appId)) continue;
      observe?.service(r);
      if (r.action === 'review') review.push(r);
      const problem = r.error ? 'invalid' : r.action === 'review' ? 'review' : !r.action ? 'undecided' : r.action === 'migrate' && r.publication !== 'listed' ? 'unpublished' : '';
      yield [
        r.id,
        r.appId,
        r.name,
        r.catalogCode,
        actionName(r.action),
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
      ];
    }
  }
  counts.services = await wb.addSheet(names.services, svCols, services());

  // 入口与跳转
  const epCols: Col[] = [
    { header: L.id, width: 22 },
    { header: L.app, width: 12 },
    { header: L.kind, width: 10 },
    { header: L.address, width: 50 },
    { header: L.label, width: 20 },
    { header: L.action, width: 10 },
    { header: L.destination, width: 50 },
    { header: L.reason, width: 40 },
    { header: L.hits, width: 9 },
    { header: L.date, width: 16, format: DATETIME },
  ];
  function* entryPoints(): Generator<unknown[]> {
    for (const a of m.apps)
      for (const e of store.report.entryPoints(a.appId)) {
        observe?.entryPoint(e);
        yield [e.id, e.appId, e.kind, e.address, e.label, e.action ? ((L as unknown as Record<string, string>)[e.action] ?? e.action) : L.unplanned, e.destination, e.reason, undefined, shanghaiDateTime(e.ruleAt)];
      }
  }
  counts.entryPoints = await wb.addSheet(names.entryPoints, epCols, entryPoints());

  // 待人工审核
  const rvCols: Col[] = [
    { header: L.id, width: 22 },
    { header: L.app, width: 12 },
    { header: L.name, width: 36 },
    { header: L.reason, width: 40 },
    { header: L.candidate, width: 30 },
    { header: 'code', width: 14 },
    { header: L.score, width: 7 },
    { header: L.hits, width: 9 },
    { header: L.command, width: 30 },
  ];
  counts.review = await wb.addSheet(
    names.review,
    rvCols,
    review.map((r) => [r.id, r.appId, r.name, r.reason, r.candidate?.name, r.candidate?.code, r.candidate?.score, r.monthlyVisits, `yimen review --app ${r.appId}`]),
  );
  review.length = 0;

  // 隔离记录
  const qsCols: Col[] = [
    { header: L.app, width: 12 },
    { header: L.stage, width: 9 },
    { header: 'stream', width: 12 },
    { header: L.locator, width: 36 },
    { header: L.field, width: 16 },
    { header: L.reason, width: 60 },
    { header: L.date, width: 16, format: DATETIME },
  ];
  function* quarantined(): Generator<unknown[]> {
    for (const a of m.apps) for (const q of store.quarantine.list({ appId: a.appId })) yield [q.appId, q.stage, q.stream, q.locator, q.field, q.reason, shanghaiDateTime(q.at)];
  }
  counts.quarantine = await wb.addSheet(names.quarantine, qsCols, quarantined());

  // 时间线
  const tlCols: Col[] = [
    { header: L.id, width: 14 },
    { header: L.app, width: 18 },
    { header: L.county, width: 12 },
    { header: L.announce, width: 12, format: DATE },
    { header: L.redirectDate, width: 12, format: DATE },
    { header: L.shutdown, width: 12, format: DATE },
    { header: L.daysToShutdown, width: 10 },
    { header: L.overdue, width: 8 },
    { header: L.atRisk, width: 8 },
    { header: L.blockers, width: 8 },
    { header: L.stage, width: 12 },
  ];
  const byDays = [...m.apps].sort((x, y) => (x.timeline.daysToShutdown ?? 1e9) - (y.timeline.daysToShutdown ?? 1e9));
  await wb.addSheet(
    names.timeline,
    tlCols,
    byDays.map((a) => [
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
    ]),
  );

  await wb.close();
  return { file, rows: counts };
}

/** the sheet names: the Chinese ones are what the issue asks for; English for --lang en */
export function sheetNames(lang: Lang) {
  return lang === 'en'
    ? { overview: 'Overview', regions: 'By region', apps: 'By app', services: 'Services', entryPoints: 'Entry points', review: 'Review', quarantine: 'Quarantine', timeline: 'Timeline' }
    : { overview: '总览', regions: '按地区', apps: '按应用', services: '事项明细', entryPoints: '入口与跳转', review: '待人工审核', quarantine: '隔离记录', timeline: '时间线' };
}

export type { Labels };
