// `yimen redirects plan`: reads entry points, dispositions and publications from the store,
// builds the rules (pure, plan.ts) and stores them per app in one transaction.
import { rankByHits } from './hits.js';
import type { Store } from '../store/store.js';
import { appById, selectApps, type Workspace } from '../workspace/loader.js';
import type { Decision, RedirectRule } from '../schema/index.js';
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

/** `yimen redirects list`: the stored rules of the last plan, for one app and one action if given. */
export function listRedirects(
  ws: Workspace,
  store: Store,
  opts: { app?: string; action?: RedirectRule['action']; sort?: 'plan' | 'hits' } = {},
): Array<RedirectRule & { hits?: number }> {
  if (opts.app) appById(ws, opts.app);
  const hits = store.hits.byEntryPoint(opts.app);
  const rules: Array<RedirectRule & { hits?: number }> = store.redirects
    .list(opts.app)
    .filter((r) => !opts.action || r.action === opts.action)
    .map((r) => (hits.size ? { ...r, hits: hits.get(r.entryPointId) ?? 0 } : r));
  return opts.sort === 'hits' ? rankByHits(rules, hits) : rules;
}
