// The decide stage: for every mapped service, a disposition with its evidence, in one transaction
// per run. People's decisions are kept as they are; everything else is re-proposed (propose.ts).
// `changed` counts decisions whose stable content (action, target, rule, who decided) changed:
// scores, candidates and the reason's wording are evidence, refreshed without counting.
import type { Store } from '../store/store.js';
import type { Decision, EntryPoint } from '../schema/index.js';
import { linkVerdict } from './links.js';
import { selectApps, type Workspace } from '../workspace/loader.js';
import { buildMatchContext, proposeDecision, serviceDoc, SERVICE_AGENCY_DIFFERS } from './propose.js';

export interface AppDecideSummary {
  appId: string;
  services: number;
  migrate: number;
  merge: number;
  retire: number;
  review: number;
  /** decisions by who made them: rule, matcher, person */
  byRule: Record<string, number>;
  new: number;
  changed: number;
  unchanged: number;
  /** people's decisions kept as they are */
  keptPerson: number;
  /** decisions of services that no longer exist, removed */
  removed: number;
}

/** Duplicate clusters: services that merge into another retiring app's (or the same app's) service. */
export interface ClusterSummary {
  /** migrated services that others merge into */
  clusters: number;
  /** services merged into one of them */
  duplicates: number;
  /** catalog items that services of more than one app merge into */
  sharedCatalogItems: number;
}

export interface DecideSummary {
  catalog: { items: number; source?: string; importedAt?: string };
  apps: AppDecideSummary[];
  clusters: ClusterSummary;
  totals: { services: number; migrate: number; merge: number; retire: number; review: number; new: number; changed: number; unchanged: number };
}

export interface DecideOptions {
  actor: string;
  apps?: string[];
}

/** The decide stage over all (or some) apps; people's decisions are kept, everything else re-decided. */
export async function decideApps(ws: Workspace, store: Store, opts: DecideOptions): Promise<DecideSummary> {
  const appIds = selectApps(ws, opts.apps);
  const items = store.catalog.list();
  const catalogNames = new Map(items.map((i) => [i.code, i.name] as const));
  const ctx = buildMatchContext(items, ws.config.matching.synonyms, store.aliases.list());
  const services = ctx.matcher.newIndex({ agencyDiffers: SERVICE_AGENCY_DIFFERS });
  const { policy, matching } = ws.config;
  const info = store.catalog.info();
  const at = new Date().toISOString();

  // apps earlier in the programme than the ones decided now keep their services in the duplicate
  // index, so deciding one app alone gives the same answer as deciding all
  const order = ws.config.apps.map((a) => a.id);
  const firstSelected = Math.min(...appIds.map((a) => order.indexOf(a)));
  for (const other of order.slice(0, firstSelected)) {
    if (appIds.includes(other)) continue;
    const migr = new Set(store.decisions.list(other).filter((d) => d.action === 'migrate').map((d) => d.serviceId));
    for (const s of store.services.list(other)) if (migr.has(s.id)) services.add(serviceDoc(s));
  }

  const summary: DecideSummary = {
    catalog: { items: items.length, source: info?.source, importedAt: info?.importedAt },
    apps: [],
    totals: { services: 0, migrate: 0, merge: 0, retire: 0, review: 0, new: 0, changed: 0, unchanged: 0 },
    clusters: { clusters: 0, duplicates: 0, sharedCatalogItems: 0 },
  };

  store.tx(() => {
    for (const appId of appIds) {
      const sum: AppDecideSummary = {
        appId,
        services: 0,
        migrate: 0,
        merge: 0,
        retire: 0,
        review: 0,
        byRule: {},
        new: 0,
        changed: 0,
        unchanged: 0,
        keptPerson: 0,
        removed: 0,
      };
      const prevAll = store.decisions.list(appId).map((d): [string, Decision] => [d.serviceId, d]);
      const prev = new Map(prevAll);
      const changedIds: string[] = [];
      const list = store.services.list(appId);
      // each service's links (by source key), for what they say before matching (links.ts)
      const links = new Map<string, EntryPoint[]>();
      for (const e of store.entryPoints.list(appId)) {
        if (!e.serviceKey) continue;
        const l = links.get(e.serviceKey);
        if (l) l.push(e);
        else links.set(e.serviceKey, [e]);
      }
      const batch: Decision[] = [];
      for (const s of list) {
        sum.services++;
        const old = prev.get(s.id);
        prev.delete(s.id);
        let d: Decision;
        if (old?.decidedBy === 'person') {
          d = old;
          sum.keptPerson++;
          sum.unchanged++;
        } else {
          const byLinks = linkVerdict(links.get(s.source.sourceKey) ?? [], ws.config.unifiedApp.serviceUrl, ws.config.unifiedApp.name, (code) => catalogNames.get(code));
          d = { serviceId: s.id, appId, actor: opts.actor, at, ...(byLinks ?? proposeDecision(s, ctx, services, policy, matching)) };
          batch.push(d);
        }
        sum[d.action]++;
        const by = d.rule ?? d.decidedBy;
        sum.byRule[by] = (sum.byRule[by] ?? 0) + 1;
        if (d.action === 'migrate') services.add(serviceDoc(s));
      }
      const res = store.decisions.upsertMany(batch, new Map(prevAll));
      sum.new += res.new;
      sum.changed += res.changed;
      sum.unchanged += res.unchanged;
      for (const id of res.ids) changedIds.push(id); // no argument spread: ids may be 100,000s
      // decisions of services that are gone: a person's stays (the service may come back)
      for (const [id, d] of prev) {
        if (d.decidedBy === 'person') continue;
        store.decisions.remove(id);
        sum.removed++;
      }
      if (sum.new || sum.changed || sum.removed) {
        store.events.append({
          actor: opts.actor,
          action: 'decide',
          entity: `app:${appId}`,
          summary: `${sum.services} services: ${sum.migrate} migrate, ${sum.merge} merge, ${sum.retire} retire, ${sum.review} review (${sum.new} new, ${sum.changed} changed, ${sum.removed} removed decisions; ${sum.keptPerson} people's decisions kept)`,
          details: { changed: changedIds.slice(0, 1000), byRule: sum.byRule },
        });
      }
      summary.apps.push(sum);
      for (const k of ['services', 'migrate', 'merge', 'retire', 'review', 'new', 'changed', 'unchanged'] as const) summary.totals[k] += sum[k];
    }
    summary.clusters = clusterSummary(listClusters(store, appIds));
    // what these decisions were made on: status compares it with the catalog now in the store
    if (!opts.apps?.length) store.stageMarks.set('decide', { at, inputs: info ? { catalog: info.importedAt } : {} });
  });
  return summary;
}

/** One cluster: the service that migrates (or the catalog item) and the services merged into it. */
export interface Cluster {
  kind: 'service' | 'catalog';
  /** the migrated service's id, or the catalog code */
  target: string;
  name: string;
  members: Array<{ serviceId: string; appId: string; name: string }>;
}

/**
 * The duplicate clusters in the store: services merged into another service (kind service, the
 * target included as the first member), and catalog items that services of several apps merge into.
 */
export function listClusters(store: Store, appIds?: string[]): Cluster[] {
  const services = new Map(store.services.list().map((s) => [s.id, { appId: s.appId, name: s.name }]));
  const decisions = store.decisions.list().filter((d) => !appIds || appIds.includes(d.appId));
  const byTarget = new Map<string, Cluster>();
  for (const d of decisions) {
    if (d.action !== 'merge' || !d.target) continue;
    const intoService = services.has(d.target);
    const key = `${intoService ? 's' : 'c'}:${d.target}`;
    let c = byTarget.get(key);
    if (!c) {
      const t = services.get(d.target);
      c = {
        kind: intoService ? 'service' : 'catalog',
        target: d.target,
        name: t?.name ?? store.catalog.get(d.target)?.name ?? '',
        members: intoService && t ? [{ serviceId: d.target, appId: t.appId, name: t.name }] : [],
      };
      byTarget.set(key, c);
    }
    const m = services.get(d.serviceId);
    c.members.push({ serviceId: d.serviceId, appId: m?.appId ?? d.appId, name: m?.name ?? '' });
  }
  return [...byTarget.values()].filter((c) => c.kind === 'service' || new Set(c.members.map((m) => m.appId)).size > 1);
}

export function clusterSummary(clusters: Cluster[]): ClusterSummary {
  const svc = clusters.filter((c) => c.kind === 'service');
  return {
    clusters: svc.length,
    duplicates: svc.reduce((n, c) => n + c.members.length - 1, 0),
    sharedCatalogItems: clusters.length - svc.length,
  };
}
