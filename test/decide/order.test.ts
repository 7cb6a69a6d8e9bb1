// The policy order (docs/matching.md "Policy order"): formality first whatever the usage, then
// matching, then low usage; field errors block migrating, not merging; a code is evidence, not
// proof; reasons are Chinese lines without internals; one decision per duplicate cluster.
import { describe, it, expect, afterEach } from 'vitest';
import { fixture, service, putServices, type Fixture } from '../fixtures/matching/workspace.js';
import { importCatalog } from '../../src/catalog/import.js';
import { decideApps } from '../../src/decide/index.js';
import type { CatalogService } from '../../src/schema/index.js';

let f: Fixture | undefined;
afterEach(() => f?.store.close());

const bad = [{ field: 'agency.code', severity: 'error' as const, code: 'E_USCC', message: '校验位错误' }];

async function decide(policy: string, svcs: CatalogService[]) {
  f = await fixture(policy);
  await importCatalog(f.ws, f.store, { actor: 't' });
  putServices(f.store, svcs);
  const sum = await decideApps(f.ws, f.store, { actor: 't' });
  const store = f.store;
  const d = (k: string) => store.decisions.get(svcs.find((s) => s.source.sourceKey === k)!.id)!;
  return { d, sum };
}

describe('policy order', () => {
  it('merges a rarely used service the catalog has, retires one it lacks; the threshold is strict and unknown visits are not low', async () => {
    const { d } = await decide('policy: { lowUsageMonthlyVisits: 30, lowUsageAction: retire }', [
      service('alpha', 'm1', '居民身份证办理', { usage: { monthlyVisits: 3 } }),
      service('alpha', 'm2', '某镇荷花节游园预约', { usage: { monthlyVisits: 3 } }),
      service('alpha', 'm3', '某镇灯会志愿者报名', { usage: { monthlyVisits: 30 } }),
      service('alpha', 'm4', '城区公共自行车年卡办理'),
      service('alpha', 'm5', '随手填的名字', { catalogCode: '512B00533009', usage: { monthlyVisits: 1 } }),
    ]);
    expect(d('m1')).toMatchObject({ action: 'merge', target: '511A01380000' });
    expect(d('m1').reason).toMatch(/^合并到 居民身份证办理（使用很少：月访问 3 次/);
    expect(d('m2')).toMatchObject({ action: 'retire', rule: 'policy.lowUsageMonthlyVisits' });
    expect(d('m2').reason).toContain('低于 30 次');
    expect(d('m3')).toMatchObject({ action: 'migrate' }); // 30 is not below 30
    expect(d('m4')).toMatchObject({ action: 'migrate' }); // unknown visits are not low
    expect(d('m5')).toMatchObject({ action: 'merge', target: '512B00533009', rule: 'exact-code' });
  });

  it('keeps lowUsageAction: review for unmatched low usage (old yimen.yaml files)', async () => {
    const { d } = await decide('policy: { lowUsageMonthlyVisits: 30, lowUsageAction: review }', [
      service('alpha', 'r1', '某镇荷花节游园预约', { usage: { monthlyVisits: 3 } }),
      service('alpha', 'r2', '社会保险参保登记', { usage: { monthlyVisits: 3 } }),
    ]);
    expect(d('r1')).toMatchObject({ action: 'review', rule: 'policy.lowUsageMonthlyVisits' });
    expect(d('r2')).toMatchObject({ action: 'merge', target: '512B00533007' });
  });

  it('retires formality whatever the usage, but sends a keyword on a catalog item to review with both reasons', async () => {
    const { d } = await decide('policy: { lowUsageMonthlyVisits: 30, lowUsageAction: retire }', [
      service('alpha', 'f1', '干部每日签到', { usage: { monthlyVisits: 90000 } }),
      service('alpha', 'f2', '失业登记（报到打卡）'),
    ]);
    expect(d('f1')).toMatchObject({ action: 'retire', rule: 'policy.retireKeywords' });
    expect(d('f1').reason).toBe('下线：形式主义功能（强制签到打卡，含“签到”），不迁移');
    expect(d('f2').action).toBe('review');
    expect(d('f2').reason).toContain('打卡');
    expect(d('f2').reason).toContain('失业登记');
  });

  it('lets a field error block migrating, not merging', async () => {
    const { d } = await decide('', [
      service('alpha', 'e1', '随便一个名字', { catalogCode: '511A01380000', issues: bad }),
      service('alpha', 'e2', '社会保险参保登记', { issues: bad }),
      service('alpha', 'e3', '某镇特色农产品展销', { issues: bad }),
    ]);
    expect(d('e1')).toMatchObject({ action: 'merge', target: '511A01380000', rule: 'exact-code' });
    expect(d('e2')).toMatchObject({ action: 'merge', target: '512B00533007' });
    expect(d('e3')).toMatchObject({ action: 'review', rule: 'validation' });
    expect(d('e3').reason).toContain('agency.code：校验位错误');
  });

  it('treats a code as evidence, not proof: a code naming another act goes to review with both reasons', async () => {
    const { d } = await decide('', [
      service('alpha', 'c1', '食品经营许可证注销', { catalogCode: '511F33033005' }), // code of 变更
      service('alpha', 'c2', '食品经营许可证变更', { catalogCode: '511F33033005' }),
    ]);
    expect(d('c1')).toMatchObject({ action: 'review', rule: 'code-conflict', target: '511F33033005' });
    expect(d('c1').reason).toContain('编码 511F33033005 指向「食品经营许可证变更」');
    expect(d('c1').reason).toContain('注销');
    expect(d('c2')).toMatchObject({ action: 'merge', rule: 'exact-code' });
    expect(d('c2').reason).toBe('合并到 食品经营许可证变更（511F33033005）（编码一致）');
  });

  it('gives one decision per duplicate cluster: the first by app order migrates, the rest merge into it', async () => {
    const { d, sum } = await decide('', [
      service('beta', 'd3', '某镇智慧停车缴费'),
      service('alpha', 'd1', '某镇智慧停车缴费'),
      service('alpha', 'd2', '某镇智慧停车缴费'),
      service('beta', 'd4', '居民身份证办理'),
      service('alpha', 'd5', '居民身份证办理'),
    ]);
    expect(d('d1')).toMatchObject({ action: 'migrate' });
    expect(d('d2')).toMatchObject({ action: 'merge', rule: 'duplicate', target: d('d1').serviceId });
    expect(d('d3')).toMatchObject({ action: 'merge', rule: 'duplicate', target: d('d1').serviceId });
    expect(d('d3').reason).toMatch(/^合并到 已迁移的同一服务某镇智慧停车缴费/);
    expect(d('d4')).toMatchObject({ action: 'merge', target: '511A01380000' });
    expect(d('d5')).toMatchObject({ action: 'merge', target: '511A01380000' });
    expect(sum.clusters).toMatchObject({ clusters: 1, duplicates: 2 });
  });

  it('writes reasons a person can act on: no thresholds, no internals', async () => {
    const { d } = await decide('', [
      service('alpha', 'x1', '社会保险参保登记'),
      service('alpha', 'x2', '公积金提取'),
      service('alpha', 'x3', '某镇智慧停车缴费'),
    ]);
    for (const k of ['x1', 'x2', 'x3']) {
      expect(d(k).reason, k).not.toMatch(/between|best .* at|\(0\.\d+\)|clear match|near tie/);
      expect(d(k).reason, k).toMatch(/[合并到|待审核|迁移]/);
    }
    expect(d('x1').reason).toMatch(/^合并到 社会保险参保登记（名称/);
    expect(d('x2').reason).toMatch(/^待审核：/);
    expect(d('x3').reason).toContain('作为新事项迁移');
  });
});
