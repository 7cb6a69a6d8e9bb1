import { describe, it, expect, afterEach } from 'vitest';
import { fixture, service, putServices, type Fixture } from '../fixtures/matching/workspace.js';
import { importCatalog } from '../../src/catalog/import.js';
import { decideApps, recordPersonDecision } from '../../src/decide/index.js';

let f: Fixture | undefined;
afterEach(() => f?.store.close());

describe('decideApps', () => {
  it('applies policy, validation, exact code, name match, duplicates and migrate', async () => {
    f = await fixture('policy: { retireKeywords: [打卡, 签到], lowUsageMonthlyVisits: 10, lowUsageAction: retire, review: ["k9"] }');
    const { ws, store } = f;
    await importCatalog(ws, store, { actor: 't' });
    const svcs = [
      service('alpha', 'k1', '每日打卡'),
      service('alpha', 'k2', '社保参保登记'),
      service('alpha', 'k3', '随便一个名字', { catalogCode: '511A01380000' }),
      service('alpha', 'k4', '公积金提取(租房)'),
      service('alpha', 'k5', '智慧停车缴费'),
      service('alpha', 'k6', '很少用的功能', { usage: { monthlyVisits: 2 } }),
      service('alpha', 'k7', '坏数据', { issues: [{ field: 'agency.code', severity: 'error', code: 'E_USCC', message: 'bad check digit' }] }),
      service('beta', 'k8', '智慧停车缴费'),
      service('beta', 'k9', '失业登记'),
      service('beta', 'k10', '志愿服务', { extras: { 功能描述: '每天签到领积分' } }),
      service('beta', 'k11', '就业服务专区', { aliases: ['失业登记'] }),
    ];
    putServices(store, svcs);
    const sum = await decideApps(ws, store, { actor: 't' });
    const d = (k: string) => store.decisions.get(svcs.find((s) => s.source.sourceKey === k)!.id)!;
    expect(d('k1')).toMatchObject({ action: 'retire', decidedBy: 'rule', rule: 'policy.retireKeywords' });
    expect(d('k1').reason).toContain('打卡');
    expect(d('k2')).toMatchObject({ action: 'merge', target: '512B00533007' });
    expect(d('k3')).toMatchObject({ action: 'merge', target: '511A01380000', rule: 'exact-code' });
    expect(d('k4')).toMatchObject({ action: 'merge', target: '512C00533001' });
    expect(d('k4').candidates.length).toBeGreaterThan(1);
    expect(d('k4').candidates[0]!.reason).toBeTruthy();
    expect(d('k5')).toMatchObject({ action: 'migrate' });
    expect(d('k6')).toMatchObject({ action: 'retire', rule: 'policy.lowUsageMonthlyVisits' });
    expect(d('k7')).toMatchObject({ action: 'review', rule: 'validation' });
    expect(d('k7').reason).toContain('bad check digit');
    expect(d('k8')).toMatchObject({ action: 'merge', target: d('k5').serviceId, rule: 'duplicate' });
    expect(d('k8').candidates[0]).toMatchObject({ kind: 'service', code: d('k5').serviceId });
    expect(d('k9')).toMatchObject({ action: 'review', rule: 'policy.review' });
    expect(d('k10')).toMatchObject({ action: 'retire' });
    expect(d('k10').reason).toContain('功能描述');
    expect(d('k11')).toMatchObject({ action: 'merge', target: '512B00533009' });
    expect(d('k11').candidates[0]!.reason).toContain('alias');
    expect(sum.totals.services).toBe(11);

    // re-run: nothing changes, not even the event log
    const events = store.events.list().length;
    const again = await decideApps(ws, store, { actor: 't' });
    expect(again.totals.changed + again.totals.new).toBe(0);
    expect(store.events.list().length).toBe(events);
  });

  it('keeps a person\'s decision over re-runs and rules', async () => {
    f = await fixture('policy: { retireKeywords: [打卡] }');
    const { ws, store } = f;
    await importCatalog(ws, store, { actor: 't' });
    const s = service('alpha', 'k1', '打卡考勤');
    putServices(store, [s]);
    await decideApps(ws, store, { actor: 't' });
    expect(store.decisions.get(s.id)!.action).toBe('retire');
    recordPersonDecision(ws, store, { actor: 'alice', serviceId: s.id, action: 'migrate', reason: 'a real attendance service for staff' });
    const sum = await decideApps(ws, store, { actor: 't' });
    expect(store.decisions.get(s.id)).toMatchObject({ action: 'migrate', decidedBy: 'person', actor: 'alice' });
    expect(sum.apps[0]!.keptPerson).toBe(1);
    expect(store.events.list({ action: 'decide.person' })[0]!.actor).toBe('alice');
  });

  it('refuses a merge to an unknown code and a decision without reason', async () => {
    f = await fixture();
    const { ws, store } = f;
    await importCatalog(ws, store, { actor: 't' });
    const s = service('alpha', 'k1', '失业登记');
    putServices(store, [s]);
    expect(() => recordPersonDecision(ws, store, { actor: 'a', serviceId: s.id, action: 'merge', to: 'NOPE', reason: 'x' })).toThrow(/neither/);
    expect(() => recordPersonDecision(ws, store, { actor: 'a', serviceId: s.id, action: 'retire', reason: ' ' })).toThrow(/reason/);
    expect(() => recordPersonDecision(ws, store, { actor: 'a', serviceId: 'nope', action: 'retire', reason: 'x' })).toThrow(/no service/);
  });

  it('does not merge two hospitals\' bookings as duplicates', async () => {
    f = await fixture('');
    const { ws, store } = f;
    await importCatalog(ws, store, { actor: 't' });
    const svcs = [
      service('alpha', 'h1', '预约挂号（溧阳市人民医院）', { agency: { name: '溧阳市人民医院' } }),
      service('alpha', 'h2', '预约挂号（溧阳市中医医院）', { agency: { name: '溧阳市中医医院' } }),
      service('beta', 'h3', '预约挂号（溧阳市人民医院）', { agency: { name: '溧阳市人民医院' } }),
    ];
    putServices(store, svcs);
    await decideApps(ws, store, { actor: 't' });
    const d = (k: string) => store.decisions.get(svcs.find((s) => s.source.sourceKey === k)!.id)!;
    expect(d('h1').action).toBe('migrate');
    expect(d('h2').action).not.toBe('merge');
    expect(d('h2').candidates[0]!.reason).toContain('another institution');
    // the same hospital's service in another app is a duplicate
    expect(d('h3')).toMatchObject({ action: 'merge', rule: 'duplicate', target: d('h1').serviceId });
  });
});
