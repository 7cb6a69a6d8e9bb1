// What changed between two points in time, per app and in total, for the weekly report: services
// decided (by action, so "retired" is the retire column), published and unlisted, entry points
// resolved, from the rows' own timestamps; blockers opened and cleared, by comparing the blockers
// at both ends, read from the event log (the latest map / decide / redirects.plan event of each
// app before the point; "now" is the live status).
import { YimenError } from '../errors.js';
import type { EventRow, Store } from '../store/store.js';
import type { Workspace } from '../workspace/loader.js';
import type { ReportModel } from './model.js';

export type BlockerCounts = Partial<Record<'quarantined' | 'invalid' | 'review' | 'unresolved' | 'pending', number>>;

export interface AppDelta {
  appId: string;
  name: string;
  decided: { migrate: number; merge: number; retire: number; review: number };
  byPerson: number;
  published: number;
  unlisted: number;
  resolved: number;
  blockersBefore: BlockerCounts;
  blockersAfter: BlockerCounts;
  /** kinds with none before and some after */
  opened: string[];
  /** kinds with some before and none after */
  cleared: string[];
}

export interface ChangeReport {
  from: { label: string; at: string };
  to: { label: string; at: string };
  apps: AppDelta[];
  totals: Omit<AppDelta, 'appId' | 'name' | 'blockersBefore' | 'blockersAfter' | 'opened' | 'cleared'> & { opened: number; cleared: number };
  /** events in the window, by action */
  events: Record<string, number>;
}

/**
 * A point in time: a date (YYYY-MM-DD, the start of that day in Asia/Shanghai), an ISO timestamp,
 * an event id (`#123` or `123`: the moment that event was written), or `now`.
 */
export function resolvePoint(store: Store, spec: string, now = new Date()): { label: string; at: string } {
  const s = spec.trim();
  if (s === 'now') return { label: 'now', at: now.toISOString() };
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const t = Date.parse(`${s}T00:00:00+08:00`);
    if (!Number.isNaN(t)) return { label: s, at: new Date(t).toISOString() };
  }
  if (/^#?\d+$/.test(s)) {
    const id = Number(s.replace('#', ''));
    const e = store.events.list({ limit: 1_000_000 }).find((x) => x.id === id);
    if (!e) throw new YimenError('E_REPORT_POINT', `no event #${id} in the event log`, { hint: 'yimen log lists the events with their ids', exitCode: 2 });
    return { label: `#${id}`, at: e.at };
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s))) return { label: s, at: new Date(s).toISOString() };
  throw new YimenError('E_REPORT_POINT', `"${spec}" is neither a date (YYYY-MM-DD), a timestamp, nor an event id`, {
    hint: 'e.g. --since 2026-11-30, or --compare 2026-11-23 2026-11-30, or --compare #12 #40',
    exitCode: 2,
  });
}

const num = (re: RegExp, s: string) => {
  const m = re.exec(s);
  return m ? Number(m[1]) : undefined;
};

/** Blockers of each app as the event log saw them at `at`: from the summaries the stages wrote. */
export function blockersAt(events: EventRow[], at: string): Map<string, BlockerCounts> {
  const out = new Map<string, BlockerCounts>();
  const latest = new Map<string, EventRow>(); // `${action} ${app}` → event
  for (const e of events) {
    if (e.at > at || !e.entity.startsWith('app:')) continue;
    if (e.action !== 'map' && e.action !== 'decide' && e.action !== 'redirects.plan') continue;
    latest.set(`${e.action} ${e.entity.slice(4)}`, e);
  }
  for (const [k, e] of latest) {
    const app = k.slice(k.indexOf(' ') + 1);
    const b = out.get(app) ?? {};
    if (e.action === 'map') {
      b.invalid = num(/(\d+) invalid/, e.summary);
      b.quarantined = num(/(\d+) quarantined/, e.summary);
    } else if (e.action === 'decide') b.review = num(/(\d+) review/, e.summary);
    else {
      b.unresolved = num(/(\d+) unresolved/, e.summary);
      b.pending = num(/(\d+) pending/, e.summary);
    }
    out.set(app, b);
  }
  return out;
}

function liveBlockers(model: ReportModel): Map<string, BlockerCounts> {
  return new Map(
    model.apps.map((a) => [
      a.appId,
      { quarantined: a.quarantine.total, invalid: a.invalid, review: a.review, unresolved: a.redirects.unresolved, pending: a.redirects.pending },
    ]),
  );
}

export function buildChanges(ws: Workspace, store: Store, model: ReportModel, fromSpec: string, toSpec = 'now'): ChangeReport {
  const now = new Date();
  const from = resolvePoint(store, fromSpec, now);
  const to = resolvePoint(store, toSpec, now);
  if (from.at > to.at) {
    throw new YimenError('E_REPORT_POINT', `${from.label} is after ${to.label}`, { hint: 'give the earlier point first', exitCode: 2 });
  }
  const events = store.events.list({ limit: 1_000_000 });
  const before = blockersAt(events, from.at);
  const after = toSpec === 'now' ? liveBlockers(model) : blockersAt(events, to.at);
  const changes = new Map(store.report.changes(ws.config.target.type, from.at, to.at).map((c) => [c.appId, c]));
  const byEvent: Record<string, number> = {};
  for (const e of events) if (e.at > from.at && e.at <= to.at) byEvent[e.action] = (byEvent[e.action] ?? 0) + 1;

  const apps: AppDelta[] = model.apps.map((a) => {
    const c = changes.get(a.appId);
    const b0 = before.get(a.appId) ?? {};
    const b1 = after.get(a.appId) ?? {};
    const kinds = ['quarantined', 'invalid', 'review', 'unresolved', 'pending'] as const;
    return {
      appId: a.appId,
      name: a.name,
      decided: { migrate: c?.decided.migrate ?? 0, merge: c?.decided.merge ?? 0, retire: c?.decided.retire ?? 0, review: c?.decided.review ?? 0 },
      byPerson: c?.byPerson ?? 0,
      published: c?.published ?? 0,
      unlisted: c?.unlisted ?? 0,
      resolved: c?.resolved ?? 0,
      blockersBefore: b0,
      blockersAfter: b1,
      opened: kinds.filter((k) => !(b0[k] ?? 0) && (b1[k] ?? 0) > 0),
      cleared: kinds.filter((k) => (b0[k] ?? 0) > 0 && !(b1[k] ?? 0)),
    };
  });
  const sum = (f: (d: AppDelta) => number) => apps.reduce((n, d) => n + f(d), 0);
  return {
    from,
    to,
    apps,
    totals: {
      decided: {
        migrate: sum((d) => d.decided.migrate),
        merge: sum((d) => d.decided.merge),
        retire: sum((d) => d.decided.retire),
        review: sum((d) => d.decided.review),
      },
      byPerson: sum((d) => d.byPerson),
      published: sum((d) => d.published),
      unlisted: sum((d) => d.unlisted),
      resolved: sum((d) => d.resolved),
      opened: sum((d) => d.opened.length),
      cleared: sum((d) => d.cleared.length),
    },
    events: byEvent,
  };
}
