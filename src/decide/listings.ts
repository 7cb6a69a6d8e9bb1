// Listings without opening the database (docs/listings.md): services, decisions and entry points,
// each joined with its decision and filtered by app, disposition, reason substring and kind. The
// rows are a documented, stable JSON shape: fields are added, never renamed or removed.
import { UsageError } from '../errors.js';
import { DISPOSITIONS, ENTRY_POINT_KINDS, type Decision } from '../schema/index.js';
import type { Store } from '../store/store.js';
import { selectApps, type Workspace } from '../workspace/loader.js';

export interface ListFilter {
  apps?: string[];
  /** migrate | merge | retire | review, or `none` (no decision yet) */
  disposition?: string;
  /** a substring of the decision's reason (or rule) */
  reason?: string;
  /** entry points: web | miniprogram | deeplink | qrcode | appstore */
  kind?: string;
}

export interface ServiceRow {
  id: string;
  appId: string;
  sourceKey: string;
  name: string;
  catalogCode?: string;
  agency?: string;
  monthlyVisits?: number;
  errors: number;
  warnings: number;
  disposition?: Decision['action'];
  target?: string;
  rule?: string;
  decidedBy?: Decision['decidedBy'];
  reason?: string;
}

export interface DecisionRow {
  serviceId: string;
  appId: string;
  name: string;
  action: Decision['action'];
  target?: string;
  /** the catalog item's or the service's name the target names */
  targetName?: string;
  rule?: string;
  decidedBy: Decision['decidedBy'];
  actor: string;
  at: string;
  reason: string;
  score?: number;
}

export interface EntryPointRow {
  id: string;
  appId: string;
  kind: string;
  address: string;
  label?: string;
  serviceId?: string;
  serviceName?: string;
  disposition?: Decision['action'];
}

function check(f: ListFilter): void {
  if (f.disposition && f.disposition !== 'none' && !DISPOSITIONS.includes(f.disposition as Decision['action'])) {
    throw new UsageError(`unknown disposition "${f.disposition}"`, `one of ${DISPOSITIONS.join(', ')}, none`);
  }
  if (f.kind && !(ENTRY_POINT_KINDS as readonly string[]).includes(f.kind)) throw new UsageError(`unknown entry point kind "${f.kind}"`, `one of ${ENTRY_POINT_KINDS.join(', ')}`);
}

const keep = (d: Decision | undefined, f: ListFilter) =>
  (!f.disposition || (f.disposition === 'none' ? !d : d?.action === f.disposition)) &&
  (!f.reason || (d !== undefined && (d.reason.includes(f.reason) || (d.rule ?? '').includes(f.reason))));

/** Services in app order, then source order, each with its decision. */
export function listServices(ws: Workspace, store: Store, f: ListFilter = {}): ServiceRow[] {
  check(f);
  const out: ServiceRow[] = [];
  for (const appId of selectApps(ws, f.apps)) {
    const dec = new Map(store.decisions.list(appId).map((d) => [d.serviceId, d]));
    for (const s of store.services.list(appId)) {
      const d = dec.get(s.id);
      if (!keep(d, f)) continue;
      const row: ServiceRow = {
        id: s.id,
        appId,
        sourceKey: s.source.sourceKey,
        name: s.name,
        errors: s.issues.filter((i) => i.severity === 'error').length,
        warnings: s.issues.filter((i) => i.severity !== 'error').length,
      };
      if (s.catalogCode) row.catalogCode = s.catalogCode;
      if (s.agency?.name) row.agency = s.agency.name;
      if (s.usage?.monthlyVisits !== undefined) row.monthlyVisits = s.usage.monthlyVisits;
      if (d) Object.assign(row, { disposition: d.action, target: d.target, rule: d.rule, decidedBy: d.decidedBy, reason: d.reason });
      out.push(row);
    }
  }
  return out;
}

/** Decisions in app order, then source order. */
export function listDecisions(ws: Workspace, store: Store, f: ListFilter = {}): DecisionRow[] {
  check(f);
  if (f.disposition === 'none') return [];
  const out: DecisionRow[] = [];
  for (const appId of selectApps(ws, f.apps)) {
    const dec = new Map(store.decisions.list(appId).map((d) => [d.serviceId, d]));
    for (const s of store.services.list(appId)) {
      const d = dec.get(s.id);
      if (!d || !keep(d, f)) continue;
      const row: DecisionRow = { serviceId: s.id, appId, name: s.name, action: d.action, decidedBy: d.decidedBy, actor: d.actor, at: d.at, reason: d.reason };
      if (d.target) {
        row.target = d.target;
        const name = store.catalog.get(d.target)?.name ?? store.services.get(d.target)?.name;
        if (name) row.targetName = name;
      }
      if (d.rule) row.rule = d.rule;
      if (d.score !== undefined) row.score = d.score;
      out.push(row);
    }
  }
  return out;
}

/** Entry points of the selected apps, each with the service it leads to and that service's disposition. */
export function listEntryPoints(ws: Workspace, store: Store, f: ListFilter = {}): EntryPointRow[] {
  check(f);
  const out: EntryPointRow[] = [];
  for (const appId of selectApps(ws, f.apps)) {
    const byKey = new Map(store.services.list(appId).map((s) => [s.source.sourceKey, s]));
    const dec = new Map(store.decisions.list(appId).map((d) => [d.serviceId, d]));
    for (const e of store.entryPoints.list(appId)) {
      if (f.kind && e.kind !== f.kind) continue;
      const s = e.serviceKey !== undefined ? byKey.get(e.serviceKey) : undefined;
      const d = s ? dec.get(s.id) : undefined;
      if ((f.disposition || f.reason) && !keep(d, f)) continue;
      const row: EntryPointRow = { id: e.id, appId, kind: e.kind, address: e.address };
      if (e.label) row.label = e.label;
      if (s) Object.assign(row, { serviceId: s.id, serviceName: s.name });
      if (d) row.disposition = d.action;
      out.push(row);
    }
  }
  return out;
}
