// The report model (DESIGN §12): the status model plus what a project manager drills into: the
// region tree (province → city → county → app) with names, per app its blockers with the command
// that clears each, the timeline, unresolved entry points ranked by traffic, the review queue, the
// quarantine, and a capped sample of the service table. Read through the Store's aggregate and
// streamed queries, so 300,000 services stay within memory. The per-row lists (ReportLists) are
// filled from rows read once: by the model itself, or, when the workbook is written too, by the
// workbook's own pass over the same rows (the store's row queries are most of a report's time).
import type { EntryPointReportRow, ServiceReportRow, Store } from '../store/store.js';
import type { Workspace } from '../workspace/loader.js';
import { workspaceStatus, type AppStatus, type Blocker, type WorkspaceStatus } from '../status/index.js';
import { lookupRegion } from '../codes/region.js';

/** Traffic per entry point id, from wherever hits are recorded (access logs). */
export type HitsSource = (appId: string) => ReadonlyMap<string, number>;

export interface ReportOptions {
  today?: string;
  /** only these apps */
  apps?: string[];
  /** rows of each per-app list (unresolved entry points, review queue, quarantine) */
  listLimit?: number;
  /** rows of the service table embedded in the HTML */
  tableLimit?: number;
  /** entry-point traffic; without it the unresolved entry points are not ranked */
  hits?: HitsSource;
  /** read the services and entry points for the per-row lists now (default true); without it
   * the lists stay empty until a ReportLists fed elsewhere fills them (`fillLists`) */
  lists?: boolean;
}

export interface RegionTotals {
  apps: number;
  services: number;
  migrate: number;
  merge: number;
  retire: number;
  review: number;
  undecided: number;
  published: number;
  entryPoints: number;
  unresolved: number;
  blockers: number;
  atRisk: number;
  overdue: number;
  /** per stage: how many apps reached it */
  stages: Record<AppStatus['stage'], number>;
}

export interface RegionNode {
  level: 'province' | 'city' | 'county';
  code: string;
  name: string;
  totals: RegionTotals;
  children: RegionNode[];
  /** app ids (counties only) */
  apps: string[];
}

export interface BlockerWithCommand extends Blocker {
  command: string;
}

export interface UnresolvedEntryPoint {
  id: string;
  kind: string;
  address: string;
  label?: string;
  action: string; // unresolved / pending / (none: no rule yet)
  reason?: string;
  hits?: number;
}

export interface ReviewItem {
  id: string;
  name: string;
  reason?: string;
  candidate?: { code: string; name: string; score: number };
  monthlyVisits?: number;
}

export interface QuarantineItem {
  stage: string;
  locator: string;
  reason: string;
  field?: string;
  at: string;
}

export interface AppReport extends Omit<AppStatus, 'blockers'> {
  cityCode: string;
  cityName: string;
  countyName: string;
  blockers: BlockerWithCommand[];
  /** 0…1 per stage: extracted → mapped → decided → published → redirected */
  progress: { mapped: number; decided: number; published: number; redirected: number };
  unresolved: { total: number; items: UnresolvedEntryPoint[] };
  reviewQueue: { total: number; items: ReviewItem[] };
  quarantine: { total: number; items: QuarantineItem[] };
}

/** A service in the HTML table: what the row shows and why it is there. */
export interface ServiceTableRow {
  id: string;
  appId: string;
  name: string;
  action: string; // migrate / merge / retire / review / '' (undecided)
  decidedBy: string;
  published: boolean;
  /** why the row needs attention, '' if it does not */
  problem: '' | 'invalid' | 'review' | 'undecided' | 'unpublished';
  detail: string; // the error, the reason, or the target
  url?: string;
}

export interface ReportModel {
  programme: string;
  unifiedApp: string;
  asOf: string;
  generatedAt: string;
  status: WorkspaceStatus;
  region: RegionNode;
  apps: AppReport[];
  hitsAvailable: boolean;
  table: { rows: ServiceTableRow[]; total: number; problems: number; capped: boolean };
}

export const DEFAULT_LIST_LIMIT = 20;
export const DEFAULT_TABLE_LIMIT = 5000;

/** The command that clears each kind of blocker, for one app. */
export function clearingCommand(kind: Blocker['kind'], appId: string): string {
  switch (kind) {
    case 'quarantined':
      return `yimen quarantine --app ${appId}`;
    case 'publishFailed':
      return `yimen quarantine --app ${appId} && yimen publish`;
    case 'invalid':
      return `yimen quarantine --app ${appId}`;
    case 'undecided':
      return `yimen decide --app ${appId}`;
    case 'review':
      return `yimen review --app ${appId}`;
    case 'unpublished':
      return 'yimen plan && yimen publish';
    case 'unresolved':
      return `yimen review --app ${appId} && yimen redirects plan`;
    case 'pending':
      return 'yimen publish && yimen redirects plan';
    case 'verifyFailed':
      return `yimen redirects verify --app ${appId}`;
  }
}

export function regionName(code: string): string {
  return lookupRegion(code)?.name ?? code;
}

function emptyTotals(): RegionTotals {
  return {
    apps: 0,
    services: 0,
    migrate: 0,
    merge: 0,
    retire: 0,
    review: 0,
    undecided: 0,
    published: 0,
    entryPoints: 0,
    unresolved: 0,
    blockers: 0,
    atRisk: 0,
    overdue: 0,
    stages: { 'not started': 0, extracted: 0, mapped: 0, decided: 0, published: 0, redirected: 0 },
  };
}

function addTo(t: RegionTotals, a: AppReport): void {
  t.apps++;
  t.services += a.services;
  t.migrate += a.migrate;
  t.merge += a.merge;
  t.retire += a.retire;
  t.review += a.review;
  t.undecided += a.undecided;
  t.published += a.published;
  t.entryPoints += a.entryPoints;
  t.unresolved += a.redirects.unresolved + a.redirects.pending;
  t.blockers += a.blockers.length;
  t.atRisk += a.timeline.atRisk ? 1 : 0;
  t.overdue += a.timeline.overdue ? 1 : 0;
  t.stages[a.stage]++;
}

/** province → city → county → app, from the apps' division codes. Pure. */
export function regionTree(province: string, apps: AppReport[]): RegionNode {
  const root: RegionNode = { level: 'province', code: `${province}0000`, name: regionName(`${province}0000`), totals: emptyTotals(), children: [], apps: [] };
  const cities = new Map<string, RegionNode>();
  const counties = new Map<string, RegionNode>();
  for (const a of apps) {
    let city = cities.get(a.cityCode);
    if (!city) {
      city = { level: 'city', code: a.cityCode, name: a.cityName, totals: emptyTotals(), children: [], apps: [] };
      cities.set(a.cityCode, city);
      root.children.push(city);
    }
    let county = counties.get(a.division);
    if (!county) {
      county = { level: 'county', code: a.division, name: a.countyName, totals: emptyTotals(), children: [], apps: [] };
      counties.set(a.division, county);
      city.children.push(county);
    }
    county.apps.push(a.appId);
    for (const n of [root, city, county]) addTo(n.totals, a);
  }
  const byCode = (x: RegionNode, y: RegionNode) => x.code.localeCompare(y.code);
  root.children.sort(byCode);
  for (const c of root.children) c.children.sort(byCode);
  return root;
}

function ratio(n: number, d: number): number {
  return d > 0 ? Math.min(1, n / d) : 0;
}

/** Which rows of the service table need a person, in the order they matter. */
export function serviceProblem(r: ServiceReportRow): ServiceTableRow['problem'] {
  if (r.error) return 'invalid';
  if (r.action === 'review') return 'review';
  if (!r.action) return 'undecided';
  if (r.action === 'migrate' && r.publication !== 'listed') return 'unpublished';
  return '';
}

export function tableRow(r: ServiceReportRow): ServiceTableRow {
  const problem = serviceProblem(r);
  const detail = r.error ?? (r.action === 'merge' && r.decisionTarget ? `→ ${r.decisionTarget}${r.reason ? `: ${r.reason}` : ''}` : (r.reason ?? ''));
  return {
    id: r.id,
    appId: r.appId,
    name: r.name,
    action: r.action ?? '',
    decidedBy: r.decidedBy ?? '',
    published: r.publication === 'listed',
    problem,
    detail,
    url: r.url,
  };
}

/** Builds the model: the status aggregates, then (unless `lists: false`) one pass over the services and one over the entry points. */
export function buildReportModel(ws: Workspace, store: Store, opts: ReportOptions = {}): ReportModel {
  const listLimit = opts.listLimit ?? DEFAULT_LIST_LIMIT;
  const status = workspaceStatus(ws, store, opts.today);
  const only = opts.apps?.length ? new Set(opts.apps) : undefined;
  const statusApps = status.apps.filter((a) => !only || only.has(a.appId));

  const apps: AppReport[] = statusApps.map((s) => {
    const cityCode = `${s.division.slice(0, 4)}00`;
    return {
      ...s,
      cityCode,
      cityName: regionName(cityCode),
      countyName: regionName(s.division),
      blockers: s.blockers.map((b) => ({ ...b, command: clearingCommand(b.kind, s.appId) })),
      progress: {
        mapped: ratio(s.services, s.extracted || s.services),
        decided: ratio(s.migrate + s.merge + s.retire, s.services),
        published: ratio(s.published, s.migrate),
        redirected: ratio(s.redirects.redirect + s.redirects.notice, s.entryPoints),
      },
      unresolved: { total: 0, items: [] },
      reviewQueue: { total: 0, items: [] },
      quarantine: { total: s.quarantined, items: [] },
    };
  });
  for (const a of apps) {
    const q = store.quarantine.list({ appId: a.appId });
    a.quarantine = { total: q.length, items: q.slice(0, listLimit).map((x) => ({ stage: x.stage, locator: x.locator, reason: x.reason, field: x.field, at: x.at })) };
  }
  const services = apps.reduce((n, a) => n + a.services, 0);
  const model: ReportModel = {
    programme: ws.config.programme,
    unifiedApp: ws.config.unifiedApp.name,
    asOf: status.asOf,
    generatedAt: new Date().toISOString(),
    status,
    region: regionTree(ws.config.province, apps),
    apps,
    hitsAvailable: Boolean(opts.hits),
    table: { rows: [], total: services, problems: 0, capped: services > 0 },
  };
  if (opts.lists !== false) {
    const lists = new ReportLists(model, opts);
    for (const r of store.report.services(ws.config.target.type)) lists.service(r);
    for (const a of apps) for (const e of store.report.entryPoints(a.appId)) lists.entryPoint(e);
    lists.fill();
  }
  return model;
}

/**
 * The model's per-row lists: per app the review queue (busiest first) and the unresolved entry
 * points (ranked by traffic when known), and the capped service table (problem rows first, then a
 * deterministic sample of the rest). Fed one row at a time, in the store's order, then `fill()`.
 */
export class ReportLists {
  private byId: Map<string, AppReport>;
  private listLimit: number;
  private tableLimit: number;
  private problems: ServiceTableRow[] = [];
  private sample: ServiceTableRow[] = [];
  private total = 0;
  private okSeen = 0;
  private seed = 1;
  private unresolved = new Map<string, UnresolvedEntryPoint[]>();
  private hits = new Map<string, ReadonlyMap<string, number> | undefined>();

  constructor(
    private model: ReportModel,
    private opts: Pick<ReportOptions, 'listLimit' | 'tableLimit' | 'hits'>,
  ) {
    this.byId = new Map(model.apps.map((a) => [a.appId, a]));
    this.listLimit = opts.listLimit ?? DEFAULT_LIST_LIMIT;
    this.tableLimit = opts.tableLimit ?? DEFAULT_TABLE_LIMIT;
  }

  private rnd(): number {
    return (this.seed = (Math.imul(this.seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
  }

  service(r: ServiceReportRow): void {
    const app = this.byId.get(r.appId);
    if (!app) return;
    this.total++;
    if (r.action === 'review') {
      const q = app.reviewQueue;
      q.total++;
      // only a row that makes the top list is built
      const visits = r.monthlyVisits ?? -1;
      if (q.items.length < this.listLimit || (this.listLimit > 0 && visits > (q.items[q.items.length - 1]!.monthlyVisits ?? -1)))
        pushTop(q.items, { id: r.id, name: r.name, reason: r.reason, candidate: r.candidate, monthlyVisits: r.monthlyVisits }, this.listLimit, (x) => x.monthlyVisits ?? -1);
    }
    const problem = serviceProblem(r);
    if (problem) {
      if (this.problems.length < this.tableLimit) this.problems.push(tableRow(r));
      return;
    }
    // reservoir sample of the rows that need nothing, deterministic; a row is built only when kept
    this.okSeen++;
    if (this.sample.length < this.tableLimit) this.sample.push(tableRow(r));
    else {
      const j = Math.floor(this.rnd() * this.okSeen);
      if (j < this.tableLimit) this.sample[j] = tableRow(r);
    }
  }

  entryPoint(e: EntryPointReportRow): void {
    if (e.action === 'redirect' || e.action === 'notice' || !this.byId.has(e.appId)) return;
    let list = this.unresolved.get(e.appId);
    if (!list) this.unresolved.set(e.appId, (list = []));
    if (!this.hits.has(e.appId)) this.hits.set(e.appId, this.opts.hits?.(e.appId));
    list.push(unresolvedItem(e, this.hits.get(e.appId)));
  }

  /** puts the lists into the model */
  fill(): void {
    const m = this.model;
    for (const a of m.apps) {
      const all = this.unresolved.get(a.appId) ?? [];
      if (this.hits.get(a.appId)) all.sort((x, y) => (y.hits ?? 0) - (x.hits ?? 0));
      a.unresolved = { total: all.length, items: all.slice(0, this.listLimit) };
    }
    const rows = [...this.problems, ...this.sample.slice(0, Math.max(0, this.tableLimit - this.problems.length))];
    m.table = { rows, total: this.total, problems: rows.filter((r) => r.problem).length, capped: rows.length < this.total };
  }
}

function unresolvedItem(e: EntryPointReportRow, hits?: ReadonlyMap<string, number>): UnresolvedEntryPoint {
  return { id: e.id, kind: e.kind, address: e.address, label: e.label, action: e.action ?? 'unplanned', reason: e.reason, hits: hits ? (hits.get(e.id) ?? 0) : undefined };
}

/** keeps the `limit` largest by key, in descending order; cheap for small limits */
function pushTop<T>(list: T[], item: T, limit: number, key: (x: T) => number): void {
  if (limit <= 0) return;
  if (list.length >= limit && key(item) <= key(list[list.length - 1]!)) return;
  let i = list.length;
  while (i > 0 && key(list[i - 1]!) < key(item)) i--;
  list.splice(i, 0, item);
  if (list.length > limit) list.pop();
}
