import { describe, it, expect } from 'vitest';
import { buildRedirectRules } from '../../src/redirects/plan.js';
import { reasonTags, reasonMatches } from '../../src/redirects/reasons.js';
import { listRedirects } from '../../src/redirects/stage.js';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { CatalogService, Decision, EntryPoint, RedirectRule } from '../../src/schema/index.js';
import { makeWorkspace } from '../publish/fixture.js';

const unifiedApp = { name: '苏服办', serviceUrl: 'https://sfb.example.cn/service/{catalogCode}', noticeUrl: 'https://sfb.example.cn/notice/{appId}', allowlist: ['sfb.example.cn'] };
const svc = (key: string): CatalogService => ({ id: `demo-${key}`, appId: 'demo', name: `svc ${key}`, source: { sourceKey: key } }) as unknown as CatalogService;
const ep = (key: string | undefined, o: Partial<EntryPoint> = {}): EntryPoint => ({
  id: `ep-${key ?? 'home'}${o.locator ?? ''}`,
  appId: 'demo',
  kind: 'web',
  address: `https://old.example.cn/h5/${key ?? ''}${o.locator ? '?d=1' : ''}`,
  serviceKey: key,
  locator: 'x',
  ...o,
});
const dec = (key: string, action: Decision['action'], target?: string): Decision => ({ serviceId: `demo-${key}`, appId: 'demo', action, target, reason: 'r', decidedBy: 'matcher', candidates: [], actor: 't', at: '' });

/** one rule for every reason the planner writes */
function everyReason(): { rules: RedirectRule[]; decisions: Decision[] } {
  const keys = ['merge', 'migrated', 'unpublished', 'retire', 'review', 'undecided', 'loop-a', 'loop-b', 'no-target', 'no-item', 'evil', 'shared'];
  const decisions = [
    dec('merge', 'merge', '511A01'),
    dec('migrated', 'migrate'),
    dec('unpublished', 'migrate'),
    dec('retire', 'retire'),
    dec('review', 'review'),
    dec('loop-a', 'merge', 'demo-loop-b'),
    dec('loop-b', 'merge', 'demo-loop-a'),
    dec('no-target', 'merge'),
    dec('no-item', 'merge', '999999'),
    dec('evil', 'migrate'),
    dec('shared', 'retire'),
  ];
  const pub = (key: string, url: string) => [`demo-${key}`, { serviceId: `demo-${key}`, appId: 'demo', target: 'local', externalId: key, contentHash: 'h', status: 'listed' as const, url, at: '' }] as const;
  const rules = buildRedirectRules({
    unifiedApp,
    entryPoints: [
      ...keys.map((k) => ep(k, k === 'shared' ? { claimedBy: ['demo-shared', 'demo-retire'] } : {})),
      ep(undefined),
      ep('gone'),
      ep(undefined, { locator: 'hits:access.log' }),
      { ...ep(undefined), id: 'ep-migrated-already', address: 'https://sfb.example.cn/x', status: 'migrated' },
    ],
    services: keys.map(svc),
    decisions: new Map(decisions.map((d) => [d.serviceId, d])),
    publications: new Map([pub('migrated', 'https://sfb.example.cn/service/m'), pub('evil', 'https://sfb.example.cn.evil.example/x')]),
    catalog: (code) => (code === '511A01' ? ({ code, name: '居民身份证换领' } as never) : undefined),
  });
  return { rules, decisions };
}

describe('redirect reason tags', () => {
  it('gives every reason the planner writes a known tag, and conflict to a shared address', () => {
    const { rules } = everyReason();
    expect(rules.map((r) => [r.entryPointId, reasonTags(r)])).toEqual([
      ['ep-merge', ['merged']],
      ['ep-migrated', ['migrated']],
      ['ep-unpublished', ['not-published']],
      ['ep-retire', ['retired']],
      ['ep-review', ['review']],
      ['ep-undecided', ['undecided']],
      ['ep-loop-a', ['merge-problem']],
      ['ep-loop-b', ['merge-problem']],
      ['ep-no-target', ['merge-problem']],
      ['ep-no-item', ['merge-problem']],
      ['ep-evil', ['refused-destination']],
      ['ep-shared', ['retired', 'conflict']],
      ['ep-home', ['app-closing']],
      ['ep-gone', ['missing-service']],
      ['ep-homehits:access.log', ['discovered']],
    ]);
    const r = rules.find((x) => x.entryPointId === 'ep-retire')!;
    expect([reasonMatches(r, 'notice'), reasonMatches(r, 'retired'), reasonMatches(r, 'retired: r'), reasonMatches(r, 'redirect')]).toEqual([true, true, true, false]);
  });
});

describe('yimen redirects list filters', () => {
  it('filters by app, action, kind, reason and disposition, keeping plan order and the row shape', async () => {
    const ws = await loadWorkspace(makeWorkspace());
    const store = openSqliteStore(ws.paths.db);
    try {
      const { rules, decisions } = everyReason();
      for (const d of decisions) store.decisions.upsert(d);
      store.redirects.replaceForApp('demo', rules.map((r, i) => (i === 1 ? { ...r, kind: 'qrcode' as const } : r)));
      const ids = (f: Parameters<typeof listRedirects>[2]) => listRedirects(ws, store, f).map((r) => r.entryPointId);
      expect(ids({}).length).toBe(rules.length);
      expect(ids({ apps: ['demo'], reason: 'retired' })).toEqual(['ep-retire', 'ep-shared']);
      expect(ids({ reason: 'conflict' })).toEqual(['ep-shared']);
      expect(ids({ kind: 'qrcode' })).toEqual(['ep-migrated']);
      expect(ids({ disposition: 'retire' })).toEqual(['ep-retire', 'ep-shared']);
      expect(ids({ disposition: 'none' })).toEqual(['ep-undecided', 'ep-home', 'ep-gone', 'ep-homehits:access.log']);
      expect(ids({ action: 'unresolved', disposition: 'merge' })).toEqual(['ep-loop-a', 'ep-loop-b', 'ep-no-target', 'ep-no-item']);
      expect(ids({ reason: 'redirect' })).toEqual(['ep-merge', 'ep-migrated']);
      const row = listRedirects(ws, store, { reason: 'merged' })[0]!;
      expect(row).toMatchObject({ entryPointId: 'ep-merge', appId: 'demo', kind: 'web', action: 'redirect', status: 301, disposition: 'merge', serviceId: 'demo-merge' });
      expect(() => listRedirects(ws, store, { disposition: 'maybe' })).toThrow(/unknown disposition/);
      expect(() => listRedirects(ws, store, { kind: 'fax' as never })).toThrow(/unknown entry point kind/);
      expect(() => listRedirects(ws, store, { apps: ['nope'] })).toThrow();
    } finally {
      store.close();
    }
  });
});
