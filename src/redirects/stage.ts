// `yimen redirects plan`: reads entry points, dispositions and publications from the store,
// builds the rules (pure, plan.ts) and stores them per app in one transaction.
import { rankByHits } from './hits.js';
import type { Store } from '../store/store.js';
import { appById, selectApps, type Workspace } from '../workspace/loader.js';
import { DISPOSITIONS, ENTRY_POINT_KINDS, type Decision, type RedirectRule } from '../schema/index.js';
import { UsageError } from '../errors.js';
import { reasonMatches } from './reasons.js';
import type { PublicationRow } from '../store/store.js';
import { buildRedirectRules } from './plan.js';

export interface RedirectPlanSummary {
  apps: Array<{
    appId: string;
    entryPoints: number;
    byAction: Record<RedirectRule['action'], number>;
    added: number;
    changed: number;
    removed: number;
    unchanged: number;
  }>;
}

export function targetName(ws: Workspace): string {
  return ws.config.target.type;
}

export async function planRedirects(ws: Workspace, store: Store, opts: { actor: string; apps?: string[] }): Promise<RedirectPlanSummary> {
  const appIds = selectApps(ws, opts.apps);
  const services = store.services.list();
  const decisions = new Map<string, Decision>(store.decisions.list().map((d) => [d.serviceId, d]));
  const publications = new Map<string, PublicationRow>(store.publications.list(targetName(ws)).map((p) => [p.serviceId, p]));
  const summary: RedirectPlanSummary = { apps: [] };
  store.tx(() => {
    for (const appId of appIds) {
      const rules = buildRedirectRules({
        unifiedApp: ws.config.unifiedApp,
        entryPoints: store.entryPoints.list(appId),
        services,
        decisions,
        publications,
        catalog: (code) => store.catalog.get(code),
      });
      const stats = store.redirects.replaceForApp(appId, rules);
      const byAction = { redirect: 0, notice: 0, unresolved: 0, pending: 0 };
      for (const r of rules) byAction[r.action]++;
      summary.apps.push({ appId, entryPoints: rules.length, byAction, ...stats });
      if (stats.added || stats.changed || stats.removed) {
        store.events.append({
          actor: opts.actor,
          action: 'redirects.plan',
          entity: `app:${appId}`,
          summary: `${rules.length} rules: ${byAction.redirect} redirect, ${byAction.notice} notice, ${byAction.pending} pending, ${byAction.unresolved} unresolved (+${stats.added} ~${stats.changed} -${stats.removed})`,
        });
      }
    }
  });
  return summary;
}

export interface RedirectListFilter {
  /** only these apps */
  apps?: string[];
  action?: RedirectRule['action'];
  kind?: RedirectRule['kind'];
  /** the rule's action, one of its reason tags (reasons.ts), or a text its reason contains */
  reason?: string;
  /** the disposition of the service the rule serves; none: no decision (or no service) */
  disposition?: string;
  sort?: 'plan' | 'hits';
}

/** a rule as listed: the decision of its service, and its hits once a log is imported */
export type RedirectListRow = RedirectRule & { disposition?: Decision['action']; hits?: number };

/** `yimen redirects list`: the stored rules of the last plan, in app order then plan order, filtered. */
export function listRedirects(ws: Workspace, store: Store, f: RedirectListFilter = {}): RedirectListRow[] {
  if (f.disposition && f.disposition !== 'none' && !(DISPOSITIONS as readonly string[]).includes(f.disposition))
    throw new UsageError(`unknown disposition "${f.disposition}"`, `one of ${DISPOSITIONS.join(', ')}, none`);
  if (f.kind && !(ENTRY_POINT_KINDS as readonly string[]).includes(f.kind)) throw new UsageError(`unknown entry point kind "${f.kind}"`, `one of ${ENTRY_POINT_KINDS.join(', ')}`);
  const apps = f.apps?.length ? [...new Set(f.apps)] : undefined;
  for (const a of apps ?? []) appById(ws, a);
  const decisions = new Map(store.decisions.list().map((d) => [d.serviceId, d.action]));
  const hits = apps?.length === 1 ? store.hits.byEntryPoint(apps[0]) : store.hits.byEntryPoint();
  const stored = apps ? apps.flatMap((a) => store.redirects.list(a)) : store.redirects.list();
  const rules: RedirectListRow[] = [];
  for (const r of stored) {
    const disposition = r.serviceId ? decisions.get(r.serviceId) : undefined;
    if (f.action && r.action !== f.action) continue;
    if (f.kind && r.kind !== f.kind) continue;
    if (f.disposition && (f.disposition === 'none' ? disposition !== undefined : disposition !== f.disposition)) continue;
    if (f.reason && !reasonMatches(r, f.reason)) continue;
    rules.push({ ...r, ...(disposition ? { disposition } : {}), ...(hits.size ? { hits: hits.get(r.entryPointId) ?? 0 } : {}) });
  }
  return f.sort === 'hits' ? rankByHits(rules, hits) : rules;
}
