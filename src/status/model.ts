// Status is derived from evidence in the store, not typed in (DESIGN §12): per app, counts per
// stage and disposition, what blocks it, and its timeline; rolled up by city and province
// through region codes. Pure: counts and config in, status out.
import type { AppCounts } from '../store/store.js';
import type { AppConfig } from '../workspace/config.js';
import { shanghaiDay } from '../time/index.js';
import { overdue, type OverdueItem } from '../redirects/phases.js';

export interface Blocker {
  kind: 'quarantined' | 'publishFailed' | 'invalid' | 'undecided' | 'review' | 'unpublished' | 'unresolved' | 'pending' | 'verifyFailed';
  count: number;
  message: string;
}

export interface AppStatus {
  appId: string;
  name: string;
  division: string;
  extracted: number;
  entryPoints: number;
  /** entry points that need no rule (already migrated, external) and addresses several services claim */
  entryPointNotes?: EntryPointNotes;
  quarantined: number;
  services: number;
  invalid: number;
  migrate: number;
  merge: number;
  retire: number;
  review: number;
  undecided: number;
  decidedByPeople: number;
  published: number;
  redirects: { redirect: number; notice: number; unresolved: number; pending: number };
  /** web and QR rules by their latest `redirects verify` result */
  verification: { ok: number; failed: number; unverified: number };
  /** what the timeline makes overdue (src/redirects/phases.ts) */
  overdue: OverdueItem[];
  blockers: Blocker[];
  stage: 'not started' | 'extracted' | 'mapped' | 'decided' | 'published' | 'redirected';
  timeline: { announce?: string; redirect?: string; shutdown?: string; daysToShutdown?: number; overdue: boolean; atRisk: boolean };
}

export interface EntryPointNotes {
  migrated: number;
  external: number;
  conflicts: number;
}

export interface RollUp {
  level: 'city' | 'province';
  code: string;
  name?: string;
  apps: number;
  services: number;
  migrate: number;
  merge: number;
  retire: number;
  review: number;
  published: number;
  blockers: number;
  atRisk: number;
}

export interface StatusReport {
  asOf: string; // date in Asia/Shanghai
  apps: AppStatus[];
  totals: Omit<AppStatus, 'appId' | 'name' | 'division' | 'stage' | 'timeline' | 'blockers' | 'overdue'> & { blockers: number; atRisk: number; overdue: number };
  rollups: RollUp[];
}

/** Days at which an app with open blockers counts as at risk of missing its shutdown date. */
export const AT_RISK_DAYS = 30;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function appStatus(app: AppConfig, c: AppCounts | undefined, today: string, verifyBeforeShutdownDays = 14): AppStatus {
  const z = (n: number | undefined) => n ?? 0;
  const q = c ? Object.values(c.quarantined).reduce((a, b) => a + b, 0) : 0;
  const d = c?.dispositions ?? {};
  const r = { redirect: z(c?.redirects.redirect), notice: z(c?.redirects.notice), unresolved: z(c?.redirects.unresolved), pending: z(c?.redirects.pending) };
  const s: AppStatus = {
    appId: app.id,
    name: app.name,
    division: app.division,
    extracted: z(c?.rawServices),
    entryPoints: z(c?.entryPoints),
    quarantined: q,
    services: z(c?.services),
    invalid: z(c?.invalid),
    migrate: z(d.migrate),
    merge: z(d.merge),
    retire: z(d.retire),
    review: z(d.review),
    undecided: z(c?.undecided),
    decidedByPeople: z(c?.byPerson),
    published: z(c?.published),
    redirects: r,
    verification: {
      ok: z(c?.verification?.ok),
      failed: z(c?.verification?.failed),
      unverified: Math.max(0, z(c?.verification?.verifiable) - z(c?.verification?.ok) - z(c?.verification?.failed)),
    },
    overdue: [],
    blockers: [],
    stage: 'not started',
    timeline: { ...app.timeline, overdue: false, atRisk: false },
  };
  const b = s.blockers;
  const qp = c?.quarantined.publish ?? 0;
  if (q - qp) b.push({ kind: 'quarantined', count: q - qp, message: `${q - qp} record(s) in quarantine: fix the source data or the profile (yimen quarantine)` });
  if (qp) b.push({ kind: 'publishFailed', count: qp, message: `${qp} publish operation(s) failed: see yimen quarantine --app ${app.id}, then yimen publish again` });
  if (s.invalid) b.push({ kind: 'invalid', count: s.invalid, message: `${s.invalid} service(s) with errors cannot be published` });
  if (s.undecided) b.push({ kind: 'undecided', count: s.undecided, message: `${s.undecided} service(s) not decided yet (yimen decide)` });
  if (s.review) b.push({ kind: 'review', count: s.review, message: `${s.review} service(s) wait for a person (yimen review)` });
  const unpublished = Math.max(0, s.migrate - s.published);
  if (unpublished) b.push({ kind: 'unpublished', count: unpublished, message: `${unpublished} service(s) to migrate not yet published (yimen publish)` });
  if (r.unresolved) b.push({ kind: 'unresolved', count: r.unresolved, message: `${r.unresolved} entry point(s) have no destination yet` });
  if (r.pending) b.push({ kind: 'pending', count: r.pending, message: `${r.pending} entry point(s) wait for their service to be published` });
  const vf = s.verification.failed;
  if (vf) b.push({ kind: 'verifyFailed', count: vf, message: `${vf} rule(s) failed verification: fix the server or the plan, then yimen redirects verify` });
  s.overdue = overdue({ timeline: app.timeline, unresolved: r.unresolved, unverified: s.verification.unverified, failing: vf }, today, verifyBeforeShutdownDays);

  const redirected = r.redirect + r.notice + r.unresolved + r.pending;
  if (redirected > 0 && s.entryPoints > 0) s.stage = 'redirected';
  else if (s.published > 0) s.stage = 'published';
  else if (s.migrate + s.merge + s.retire + s.review > 0) s.stage = 'decided';
  else if (s.services > 0) s.stage = 'mapped';
  else if (s.extracted > 0) s.stage = 'extracted';

  if (app.timeline?.shutdown) {
    const days = daysBetween(today, app.timeline.shutdown);
    s.timeline.daysToShutdown = days;
    s.timeline.overdue = days < 0 && b.length > 0;
    s.timeline.atRisk = b.length > 0 && days <= AT_RISK_DAYS;
  }
  if (s.overdue.length) s.timeline.overdue = true;
  return s;
}

export function buildStatus(apps: AppConfig[], counts: AppCounts[], province: string, today = shanghaiDay(), verifyBeforeShutdownDays = 14): StatusReport {
  const byId = new Map(counts.map((c) => [c.appId, c]));
  const list = apps.map((a) => appStatus(a, byId.get(a.id), today, verifyBeforeShutdownDays));
  const sum = (f: (s: AppStatus) => number) => list.reduce((n, s) => n + f(s), 0);
  const totals: StatusReport['totals'] = {
    extracted: sum((s) => s.extracted),
    entryPoints: sum((s) => s.entryPoints),
    quarantined: sum((s) => s.quarantined),
    services: sum((s) => s.services),
    invalid: sum((s) => s.invalid),
    migrate: sum((s) => s.migrate),
    merge: sum((s) => s.merge),
    retire: sum((s) => s.retire),
    review: sum((s) => s.review),
    undecided: sum((s) => s.undecided),
    decidedByPeople: sum((s) => s.decidedByPeople),
    published: sum((s) => s.published),
    redirects: {
      redirect: sum((s) => s.redirects.redirect),
      notice: sum((s) => s.redirects.notice),
      unresolved: sum((s) => s.redirects.unresolved),
      pending: sum((s) => s.redirects.pending),
    },
    verification: {
      ok: sum((s) => s.verification.ok),
      failed: sum((s) => s.verification.failed),
      unverified: sum((s) => s.verification.unverified),
    },
    blockers: sum((s) => s.blockers.length),
    atRisk: list.filter((s) => s.timeline.atRisk).length,
    overdue: list.filter((s) => s.timeline.overdue).length,
  };
  const groups = new Map<string, RollUp>();
  const add = (level: RollUp['level'], code: string, s: AppStatus) => {
    const k = `${level}:${code}`;
    const g = groups.get(k) ?? { level, code, apps: 0, services: 0, migrate: 0, merge: 0, retire: 0, review: 0, published: 0, blockers: 0, atRisk: 0 };
    g.apps++;
    g.services += s.services;
    g.migrate += s.migrate;
    g.merge += s.merge;
    g.retire += s.retire;
    g.review += s.review;
    g.published += s.published;
    g.blockers += s.blockers.length;
    g.atRisk += s.timeline.atRisk ? 1 : 0;
    groups.set(k, g);
  };
  for (const s of list) {
    add('city', `${s.division.slice(0, 4)}00`, s);
    add('province', `${province}0000`, s);
  }
  return { asOf: today, apps: list, totals, rollups: [...groups.values()] };
}
