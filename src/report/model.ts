// The report model (DESIGN §12): the status model plus what a project manager drills into: the
// region tree (province → city → county → app) with names, per app its blockers with the command
// that clears each, the timeline, unresolved entry points ranked by traffic, the review queue, the
// quarantine, and a capped sample of the service table. Read through the Store's aggregate and
// streamed queries, so 300,000 services stay within memory; the full rows are streamed again by
// the XLSX writer.
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

/** Builds the model: one pass over the services, one over the entry points, the status aggregates. */
export function buildReportModel(ws: Workspace, store: Store, opts: ReportOptions = {}): ReportModel {
  const listLimit = opts.listLimit ?? DEFAULT_LIST_LIMIT;
  const tableLimit = opts.tableLimit ?? DEFAULT_TABLE_LIMIT;
  const status = workspaceStatus(ws, store, opts.today);
  const only = opts.apps?.length ? new Set(opts.apps) : undefined;
  const statusApps = status.apps.filter((a) => !only || only.has(a.appId));
  const target = ws.config.target.type;

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
  const byId = new Map(apps.map((a) => [a.appId, a]));

  // services: the review queue per app (busiest first) and the capped table: problem rows first, then a sample
  const problems: ServiceTableRow[] = [];
  const sample: ServiceTableRow[] = [];
  let total = 0;
  let okSeen = 0;
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (const r of store.report.services(target)) {
    const app = byId.get(r.appId);
    if (!app) continue;
    total++;
    if (r.action === 'review') {
      const q = app.reviewQueue;
      q.total++;
      const item: ReviewItem = { id: r.id, name: r.name, reason: r.reason, candidate: r.candidate, monthlyVisits: r.monthlyVisits };
      pushTop(q.items, item, listLimit, (x) => x.monthlyVisits ?? -1);
    }
    const row = tableRow(r);
    if (row.problem) {
      if (problems.length < tableLimit) problems.push(row);
    } else {
      // reservoir sample of the rows that need nothing, deterministic
      okSeen++;
      if (sample.length < tableLimit) sample.push(row);
      else {
        const j = Math.floor(rnd() * okSeen);
        if (j < tableLimit) sample[j] = row;
      }
    }
  }
  const rows = [...problems, ...sample.slice(0, Math.max(0, tableLimit - problems.length))];

  // entry points without a destination, ranked by traffic when it is known
  for (const a of apps) {
    const hits = opts.hits?.(a.appId);
    const all: UnresolvedEntryPoint[] = [];
    for (const e of store.report.entryPoints(a.appId)) {
      if (e.action === 'redirect' || e.action === 'notice') continue;
      all.push(unresolvedItem(e, hits));
    }
    if (hits) all.sort((x, y) => (y.hits ?? 0) - (x.hits ?? 0));
    a.unresolved = { total: all.length, items: all.slice(0, listLimit) };
    const q = store.quarantine.list({ appId: a.appId });
    a.quarantine = { total: q.length, items: q.slice(0, listLimit).map((x) => ({ stage: x.stage, locator: x.locator, reason: x.reason, field: x.field, at: x.at })) };
  }

  return {
    programme: ws.config.programme,
    unifiedApp: ws.config.unifiedApp.name,
    asOf: status.asOf,
    generatedAt: new Date().toISOString(),
    status,
    region: regionTree(ws.config.province, apps),
    apps,
    hitsAvailable: Boolean(opts.hits),
    table: { rows, total, problems: rows.filter((r) => r.problem).length, capped: rows.length < total },
  };
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
