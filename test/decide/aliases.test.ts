// People teach the matcher: a person's merge into catalog item X records the alias name → X (store
// migration 11), used for every app on the next run; sending the service back to review, or
// `yimen aliases remove`, undoes it. Also the listings' filters.
import { describe, it, expect, afterEach } from 'vitest';
import { fixture, service, putServices, type Fixture } from '../fixtures/matching/workspace.js';
import { importCatalog } from '../../src/catalog/import.js';
import { decideApps, listDecisions, listServices, recordPersonDecision, removeAlias } from '../../src/decide/index.js';

let f: Fixture | undefined;
afterEach(() => f?.store.close());

describe('aliases people teach', () => {
  it('records name → code from a merge, uses it in every app, and is reversible', async () => {
    f = await fixture('');
    const { ws, store } = f;
    await importCatalog(ws, store, { actor: 't' });
    // colloquial wording the shipped dictionary does not know
    const a = service('alpha', 'a1', '某某小名办证');
    const b = service('beta', 'b1', '某某小名办证');
    putServices(store, [a, b]);
    await decideApps(ws, store, { actor: 't' });
    expect(store.decisions.get(b.id)!.target).not.toBe('511A01380000'); // at most a duplicate of a

    recordPersonDecision(ws, store, { actor: 'carol', serviceId: a.id, action: 'merge', to: '511A01380000', reason: '就是身份证办理' });
    expect(store.aliases.list()).toEqual([expect.objectContaining({ name: '某某小名办证', code: '511A01380000', actor: 'carol', serviceId: a.id })]);
    expect(store.events.list({ action: 'alias.add' }).length).toBe(1);

    await decideApps(ws, store, { actor: 't' });
    expect(store.decisions.get(b.id)).toMatchObject({ action: 'merge', target: '511A01380000', rule: 'alias' });
    expect(store.decisions.get(b.id)!.reason).toContain('人工确认');

    // back to review: the alias it taught goes, and the other app is re-matched
    recordPersonDecision(ws, store, { actor: 'carol', serviceId: a.id, action: 'review', reason: '再看看' });
    expect(store.aliases.list()).toEqual([]);
    await decideApps(ws, store, { actor: 't' });
    expect(store.decisions.get(b.id)!.rule).not.toBe('alias');

    // removed by hand
    recordPersonDecision(ws, store, { actor: 'carol', serviceId: a.id, action: 'merge', to: '511A01380000', reason: '确认' });
    expect(removeAlias(store, '某某小名办证', 'dave')).toEqual({ removed: true, code: '511A01380000' });
    expect(removeAlias(store, '某某小名办证', 'dave')).toEqual({ removed: false });
    // a merge into another service teaches nothing
    recordPersonDecision(ws, store, { actor: 'carol', serviceId: b.id, action: 'merge', to: a.id, reason: '同一服务' });
    expect(store.aliases.list()).toEqual([]);
  });

  it('lists services and decisions with filters, in app and source order', async () => {
    f = await fixture('policy: { lowUsageMonthlyVisits: 30, lowUsageAction: retire }');
    const { ws, store } = f;
    await importCatalog(ws, store, { actor: 't' });
    const svcs = [
      service('alpha', 'l1', '社会保险参保登记', { usage: { monthlyVisits: 500 } }),
      service('alpha', 'l2', '干部每日签到'),
      service('beta', 'l3', '公积金提取'),
      service('beta', 'l4', '某镇荷花节游园预约', { usage: { monthlyVisits: 2 }, issues: [{ field: 'agency.code', severity: 'error', code: 'E_USCC', message: 'x' }] }),
    ];
    putServices(store, svcs);
    expect(listServices(ws, store, { disposition: 'none' }).length).toBe(4);
    await decideApps(ws, store, { actor: 't' });
    const all = listServices(ws, store);
    expect(all.map((r) => r.sourceKey)).toEqual(['l1', 'l2', 'l3', 'l4']);
    expect(all[0]).toMatchObject({ appId: 'alpha', name: '社会保险参保登记', monthlyVisits: 500, errors: 0, disposition: 'merge', target: '512B00533007' });
    expect(all[3]).toMatchObject({ errors: 1, disposition: 'retire' });
    expect(listServices(ws, store, { apps: ['beta'] }).map((r) => r.sourceKey)).toEqual(['l3', 'l4']);
    expect(listDecisions(ws, store, { disposition: 'retire' }).map((r) => r.name)).toEqual(['干部每日签到', '某镇荷花节游园预约']);
    expect(listDecisions(ws, store, { reason: '形式主义' }).map((r) => r.name)).toEqual(['干部每日签到']);
    expect(listDecisions(ws, store, { disposition: 'merge' })[0]).toMatchObject({ target: '512B00533007', targetName: '社会保险参保登记', decidedBy: 'matcher' });
    expect(() => listDecisions(ws, store, { disposition: 'nope' })).toThrow(/unknown disposition/);
  });
});
