import { describe, it, expect } from 'vitest';
import { buildRedirectRules, destinationProblem } from '../../src/redirects/plan.js';
import { canonicalWebUrl, hostAllowed } from '../../src/redirects/canonical.js';
import type { CatalogService, Decision, EntryPoint } from '../../src/schema/index.js';
import type { PublicationRow } from '../../src/store/store.js';

const unifiedApp = {
  name: '苏服办',
  serviceUrl: 'https://sfb.example.cn/service/{catalogCode}',
  noticeUrl: 'https://sfb.example.cn/notice/{appId}',
  allowlist: ['sfb.example.cn'],
};
const svc = (key: string, appId = 'wj'): CatalogService =>
  ({ id: `${appId}-${key}`, appId, name: `svc ${key}`, source: { sourceKey: key } }) as unknown as CatalogService;
const ep = (key: string | undefined, appId = 'wj'): EntryPoint => ({
  id: `ep-${key ?? 'home'}`,
  appId,
  kind: 'web',
  address: `https://old.example.cn/h5/${key ?? ''}`,
  serviceKey: key,
  locator: 'x',
});
const dec = (serviceId: string, action: Decision['action'], target?: string): Decision => ({
  serviceId,
  appId: 'wj',
  action,
  target,
  reason: 'r',
  decidedBy: 'matcher',
  candidates: [],
  actor: 't',
  at: '',
});

function plan(decisions: Decision[], pubs: PublicationRow[] = [], eps = ['1', '2', '3', '4', '5'].map((k) => ep(k))) {
  return buildRedirectRules({
    unifiedApp,
    entryPoints: eps,
    services: ['1', '2', '3', '4', '5'].map((k) => svc(k)),
    decisions: new Map(decisions.map((d) => [d.serviceId, d])),
    publications: new Map(pubs.map((p) => [p.serviceId, p])),
    catalog: (code) => (code === '511A01' ? { code, name: '居民身份证换领' } : undefined),
  });
}

describe('redirect plan', () => {
  it('maps each disposition to its action', () => {
    const rules = plan(
      [dec('wj-1', 'merge', '511A01'), dec('wj-2', 'migrate'), dec('wj-3', 'retire'), dec('wj-4', 'review'), dec('wj-5', 'migrate')],
      [{ serviceId: 'wj-5', appId: 'wj', target: 'local', externalId: 'wj-5', contentHash: 'h', status: 'listed', url: 'https://sfb.example.cn/service/wj-5', at: '' }],
    );
    expect(rules.map((r) => [r.action, r.status, r.destination])).toEqual([
      ['redirect', 301, 'https://sfb.example.cn/service/511A01'],
      ['pending', undefined, undefined],
      ['notice', 410, 'https://sfb.example.cn/notice/wj'],
      ['unresolved', 410, 'https://sfb.example.cn/notice/wj'],
      ['redirect', 301, 'https://sfb.example.cn/service/wj-5'],
    ]);
  });

  it('flattens merge chains and refuses loops', () => {
    const rules = plan([dec('wj-1', 'merge', 'wj-2'), dec('wj-2', 'merge', '511A01'), dec('wj-3', 'merge', 'wj-4'), dec('wj-4', 'merge', 'wj-3')]);
    expect(rules[0]).toMatchObject({ action: 'redirect', destination: 'https://sfb.example.cn/service/511A01' });
    expect(rules[0]!.reason).toMatch(/via wj-2/);
    expect(rules[2]).toMatchObject({ action: 'unresolved' });
    expect(rules[2]!.reason).toMatch(/merge loop/);
  });

  it('refuses destinations outside the allowlist', () => {
    const rules = plan(
      [dec('wj-1', 'migrate')],
      [{ serviceId: 'wj-1', appId: 'wj', target: 'local', externalId: 'x', contentHash: 'h', status: 'listed', url: 'https://evil.example.com/x', at: '' }],
    );
    expect(rules[0]).toMatchObject({ action: 'unresolved' });
    expect(rules[0]!.reason).toMatch(/not in unifiedApp.allowlist/);
  });

  it('sends app-level entry points to the notice page', () => {
    const rules = plan([], [], [ep(undefined)]);
    expect(rules[0]).toMatchObject({ action: 'notice', destination: 'https://sfb.example.cn/notice/wj' });
  });

  it('checks hosts, schemes and length', () => {
    expect(hostAllowed('a.jszwfw.gov.cn', ['*.jszwfw.gov.cn'])).toBe(true);
    expect(hostAllowed('jszwfw.gov.cn.evil.cn', ['*.jszwfw.gov.cn'])).toBe(false);
    expect(hostAllowed('xjszwfw.gov.cn', ['*.jszwfw.gov.cn'])).toBe(false);
    expect(destinationProblem('javascript:alert(1)', ['x'])).toMatch(/scheme/);
    expect(destinationProblem(`https://x/${'a'.repeat(2100)}`, ['x'])).toMatch(/2048/);
    expect(canonicalWebUrl('HTTPS://Old.Example.CN:443/H5/Svc?b=2&a=1#top', ['a'])).toBe('https://old.example.cn/H5/Svc?a=1');
  });
});
