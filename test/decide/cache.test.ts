// The decide stage's caches: the catalog's match index kept in the store per catalog version
// (rebuilt when the catalog or the dictionary changes, and giving the very decisions a fresh
// build gives), and the skip of an app none of whose inputs changed.
import { describe, it, expect, afterEach } from 'vitest';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { fixture, twoAppServices, putServices, writeWorkspace, type Fixture } from '../fixtures/matching/workspace.js';
import { importCatalog } from '../../src/catalog/import.js';
import { clusterSummary, decideApps, listClusters, recordPersonDecision } from '../../src/decide/index.js';
import { catalogIndexKey } from '../../src/decide/index-cache.js';

let f: Fixture | undefined;
afterEach(() => f?.store.close());

const SERVICES = twoAppServices();

const skipped = (s: Awaited<ReturnType<typeof decideApps>>) => Object.fromEntries(s.apps.map((a) => [a.appId, a.skipped === true]));

describe('the catalog match index cache', () => {
  it('is built once per catalog version, gives the decisions a fresh build gives, and is rebuilt when the catalog changes', async () => {
    f = await fixture();
    const { ws, store } = f;
    await importCatalog(ws, store, { actor: 't' });
    putServices(store, SERVICES);
    const first = await decideApps(ws, store, { actor: 't' });
    expect(first.catalog.index).toBe('built');
    const key = catalogIndexKey(store.catalog.list(), ws.config.matching.synonyms);
    expect(store.matchIndex.get(key)).toBeTruthy();
    const built = store.decisions.list();

    // forget the apps' skip marks: every service is matched again, through the cached index
    for (const a of ['alpha', 'beta']) store.setMeta(`decide.app.${a}`, '{}');
    const cached = await decideApps(ws, store, { actor: 't' });
    expect(cached.catalog.index).toBe('cached');
    expect(skipped(cached)).toEqual({ alpha: false, beta: false });
    expect(cached.totals.changed + cached.totals.new).toBe(0);
    // the same decisions with the same evidence: reasons, scores and candidates
    expect(store.decisions.list()).toEqual(built);

    // the catalog changes: 失业登记 is now another item; the index is rebuilt and decisions follow
    const items = store.catalog.list().map((it) => (it.code === '512B00533009' ? { ...it, name: '失业保险金申领' } : it));
    store.catalog.replace(items, 'changed');
    expect(store.matchIndex.get(key)).toBeUndefined();
    const after = await decideApps(ws, store, { actor: 't' });
    expect(after.catalog.index).toBe('built');
    expect(skipped(after)).toEqual({ alpha: false, beta: false });
    const k1 = store.decisions.get(SERVICES[0]!.id)!;
    expect(built.find((d) => d.serviceId === k1.serviceId)).toMatchObject({ action: 'merge', target: '512B00533009' });
    expect(k1.action === 'merge' && k1.target === '512B00533009' && k1.rule === 'name-match').toBe(false);
    expect(after.totals.changed).toBeGreaterThan(0);
    expect(store.matchIndex.get(catalogIndexKey(items, ws.config.matching.synonyms))).toBeTruthy();
  });
});

describe('the skip of an unchanged app', () => {
  it('skips apps whose inputs did not change, and re-decides on a changed service, person, alias, config or dictionary', async () => {
    f = await fixture();
    let { ws } = f;
    const { store, dir } = f;
    await importCatalog(ws, store, { actor: 't' });
    putServices(store, SERVICES);
    const first = await decideApps(ws, store, { actor: 't' });
    expect(skipped(first)).toEqual({ alpha: false, beta: false });

    // nothing changed: both skipped, nothing written, the same summary
    const events = store.events.list().length;
    const again = await decideApps(ws, store, { actor: 't' });
    expect(skipped(again)).toEqual({ alpha: true, beta: true });
    expect(again.totals).toEqual({ ...first.totals, new: 0, changed: 0, unchanged: first.totals.services });
    expect(again.clusters).toEqual(first.clusters);
    // the shares kept with the marks sum to what the decisions in the store say
    expect(first.clusters).toEqual(clusterSummary(listClusters(store, ['alpha', 'beta'])));
    expect(first.clusters.duplicates).toBeGreaterThan(0);
    expect(store.events.list().length).toBe(events);

    // a changed service: its app only (beta's duplicate index did not change)
    putServices(store, [{ ...SERVICES[1]!, name: '公积金提取(购房)' }]);
    let s = await decideApps(ws, store, { actor: 't' });
    expect(skipped(s)).toEqual({ alpha: false, beta: true });
    expect(store.decisions.get(SERVICES[1]!.id)).toMatchObject({ target: '512C00533002' });

    // a service that migrated in alpha is now retired by a person: beta's duplicate of it must
    // be decided again (alpha's migrating services are in beta's key)
    expect(store.decisions.get(SERVICES[4]!.id)).toMatchObject({ action: 'merge', rule: 'duplicate', target: SERVICES[2]!.id });
    recordPersonDecision(ws, store, { actor: 'alice', serviceId: SERVICES[2]!.id, action: 'retire', reason: 'replaced by the city parking app' });
    s = await decideApps(ws, store, { actor: 't' });
    expect(skipped(s)).toEqual({ alpha: false, beta: false });
    expect(store.decisions.get(SERVICES[4]!.id)!.rule).not.toBe('duplicate');
    expect(s.clusters).toEqual(clusterSummary(listClusters(store, ['alpha', 'beta'])));
    expect(skipped(await decideApps(ws, store, { actor: 't' }))).toEqual({ alpha: true, beta: true });

    // an alias a person taught: every app
    store.aliases.set({ name: '随便一个名字', code: '512B00533009', actor: 'alice', at: '2025-01-01T00:00:00Z' });
    s = await decideApps(ws, store, { actor: 't' });
    expect(skipped(s)).toEqual({ alpha: false, beta: false });
    expect(store.decisions.get(SERVICES[6]!.id)).toMatchObject({ action: 'merge', target: '512B00533009', rule: 'alias' });

    // the policy config: every app
    writeWorkspace(dir, 'policy: { retireKeywords: [停车] }');
    ws = await loadWorkspace(dir);
    s = await decideApps(ws, store, { actor: 't' });
    expect(skipped(s)).toEqual({ alpha: false, beta: false });
    expect(store.decisions.get(SERVICES[4]!.id)).toMatchObject({ action: 'retire' });
    expect(skipped(await decideApps(ws, store, { actor: 't' }))).toEqual({ alpha: true, beta: true });

    // the dictionary: a new catalog index, every app
    writeWorkspace(dir, 'policy: { retireKeywords: [停车] }\nmatching: { synonyms: { 随便: 失业 } }');
    ws = await loadWorkspace(dir);
    s = await decideApps(ws, store, { actor: 't' });
    expect(s.catalog.index).toBe('built');
    expect(skipped(s)).toEqual({ alpha: false, beta: false });

    // deciding one app alone: skipped too when unchanged
    s = await decideApps(ws, store, { actor: 't', apps: ['beta'] });
    expect(skipped(s)).toEqual({ beta: true });
  });
});
