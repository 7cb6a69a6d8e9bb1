// Builds a redirect rule for every old entry point from the dispositions (DESIGN §11):
// merge → the existing item's URL; migrate → the published URL (pending until published);
// retire → the notice page; no decision or review → unresolved (served as the notice page).
// Pure: the caller reads the store and writes the rules.
import type { CatalogItem, CatalogService, Decision, EntryPoint, RedirectRule } from '../schema/index.js';
import type { PublicationRow } from '../store/store.js';
import type { WorkspaceConfig } from '../workspace/config.js';
import { fillTemplate } from './canonical.js';
import { checkDestination, refusalText } from './destination.js';

export interface RedirectInputs {
  unifiedApp: WorkspaceConfig['unifiedApp'];
  entryPoints: EntryPoint[];
  services: CatalogService[];
  decisions: Map<string, Decision>;
  /** publications that are listed, by service id */
  publications: Map<string, PublicationRow>;
  catalog: (code: string) => CatalogItem | undefined;
}

interface Destination {
  action: RedirectRule['action'];
  destination?: string;
  reason: string;
  serviceId?: string;
}

const MAX_CHAIN = 10;

export function buildRedirectRules(inp: RedirectInputs): RedirectRule[] {
  const byKey = new Map<string, CatalogService>();
  const byId = new Map<string, CatalogService>();
  for (const s of inp.services) {
    byKey.set(`${s.appId}\u0000${s.source.sourceKey}`, s);
    byId.set(s.id, s);
  }
  const notice = (appId: string) => fillTemplate(inp.unifiedApp.noticeUrl, { appId });

  // where a service's users should go; follows merge chains (A merged into B, B into item C → C)
  const resolve = (service: CatalogService): Destination => {
    const seen: string[] = [];
    let s = service;
    for (;;) {
      if (seen.includes(s.id)) return { action: 'unresolved', reason: `merge loop: ${[...seen, s.id].join(' → ')}`, serviceId: service.id };
      seen.push(s.id);
      if (seen.length > MAX_CHAIN) return { action: 'unresolved', reason: 'merge chain longer than 10', serviceId: service.id };
      const d = inp.decisions.get(s.id);
      const via = seen.length > 1 ? ` (via ${seen.slice(1).join(' → ')})` : '';
      if (!d) return { action: 'unresolved', reason: `no decision yet for ${s.name}${via}`, serviceId: service.id };
      switch (d.action) {
        case 'review':
          return { action: 'unresolved', reason: `in review: ${d.reason}${via}`, serviceId: service.id };
        case 'retire':
          return { action: 'notice', destination: notice(service.appId), reason: `retired: ${d.reason}${via}`, serviceId: service.id };
        case 'migrate': {
          const p = inp.publications.get(s.id);
          if (!p || p.status !== 'listed' || !p.url) {
            return { action: 'pending', reason: `migrating; not yet published on ${inp.unifiedApp.name}${via}`, serviceId: service.id };
          }
          return { action: 'redirect', destination: p.url, reason: `migrated to ${inp.unifiedApp.name}${via}`, serviceId: service.id };
        }
        case 'merge': {
          if (!d.target) return { action: 'unresolved', reason: `merge without a target${via}`, serviceId: service.id };
          const dup = byId.get(d.target);
          if (dup) {
            s = dup; // a duplicate of another service: go where that one goes
            continue;
          }
          const item = inp.catalog(d.target);
          if (!item) return { action: 'unresolved', reason: `merge target ${d.target} is not in the base catalog${via}`, serviceId: service.id };
          const url = item.url ?? fillTemplate(inp.unifiedApp.serviceUrl, { catalogCode: item.code });
          return { action: 'redirect', destination: url, reason: `merged into ${item.code} ${item.name}${via}`, serviceId: service.id };
        }
      }
    }
  };

  const rules: RedirectRule[] = [];
  for (const ep of inp.entryPoints) {
    // already on the unified app, or another site's address: no rule (extract marked it; status lists it)
    if (ep.status === 'migrated' || ep.status === 'external') continue;
    let dest: Destination;
    if (ep.locator.startsWith('hits:')) {
      // found in the traffic logs (hits.ts): nobody planned it, so a person must say where it goes
      dest = { action: 'unresolved', reason: 'discovered in traffic: no planned entry point; say where it goes' };
    } else if (!ep.serviceKey) {
      dest = { action: 'notice', destination: notice(ep.appId), reason: 'app-level entry point: the app is closing' };
    } else {
      const s = byKey.get(`${ep.appId}\u0000${ep.serviceKey}`);
      dest = s ? resolve(s) : { action: 'unresolved', reason: `no service with source key ${ep.serviceKey} (quarantined or removed?)` };
    }
    if (dest.action === 'unresolved') dest = { ...dest, destination: notice(ep.appId) };
    if (dest.destination) {
      const refused = checkDestination(dest.destination, inp.unifiedApp.allowlist);
      if (refused) dest = { action: 'unresolved', destination: notice(ep.appId), reason: refusalText(refused, dest.destination), serviceId: dest.serviceId };
    }
    // an address several services claim: the precedence's choice is named, never silent
    if (ep.claimedBy && ep.claimedBy.length > 1) dest = { ...dest, reason: `${dest.reason}; shared address claimed by ${ep.claimedBy.join(', ')}: ${ep.serviceKey} kept it by precedence (a person may choose)` };
    rules.push({
      entryPointId: ep.id,
      appId: ep.appId,
      kind: ep.kind,
      source: ep.address,
      action: dest.action,
      destination: dest.action === 'pending' ? undefined : dest.destination,
      status: dest.action === 'redirect' ? 301 : dest.action === 'pending' ? undefined : 410,
      reason: dest.reason,
      serviceId: dest.serviceId,
    });
  }
  return rules;
}

/** the refusal reason of a destination, or undefined when it may be served (see destination.ts) */
export function destinationProblem(url: string, allowlist: string[]): string | undefined {
  const r = checkDestination(url, allowlist);
  return r && `${r.code}: ${r.reason}`;
}
