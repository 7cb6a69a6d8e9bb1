import { describe, it, expect } from 'vitest';
import { checkDestination } from '../../src/redirects/destination.js';
import { buildRedirectRules } from '../../src/redirects/plan.js';
import type { CatalogService, Decision, EntryPoint } from '../../src/schema/index.js';
import { ALLOWLIST, GOOD_DESTINATIONS, HOSTILE_DESTINATIONS } from '../fixtures/hostile-destinations.js';

describe('destination validator', () => {
  it.each(HOSTILE_DESTINATIONS)('refuses $name with $code', (row) => {
    const r = checkDestination(row.url, ALLOWLIST);
    expect(r?.code).toBe(row.code);
    expect(r?.reason.length).toBeGreaterThan(5);
  });

  it.each(GOOD_DESTINATIONS)('accepts %s', (url) => {
    expect(checkDestination(url, ALLOWLIST)).toBeUndefined();
  });
});

describe('planner refuses hostile destinations', () => {
  it('turns every hostile publication URL into an unresolved rule with its code in the reason', () => {
    const unifiedApp = { name: '苏服办', serviceUrl: 'https://sfb.example.cn/service/{catalogCode}', noticeUrl: 'https://sfb.example.cn/notice/{appId}', allowlist: ALLOWLIST };
    const rows = HOSTILE_DESTINATIONS;
    const services = rows.map((_, i) => ({ id: `wj-${i}`, appId: 'wj', name: `s${i}`, source: { sourceKey: String(i) } }) as unknown as CatalogService);
    const entryPoints: EntryPoint[] = rows.map((_, i) => ({ id: `ep${i}`, appId: 'wj', kind: 'web', address: `https://old.example.cn/h5/${i}`, serviceKey: String(i), locator: 'x' }));
    const decisions = new Map<string, Decision>(services.map((s) => [s.id, { serviceId: s.id, appId: 'wj', action: 'migrate', reason: 'r', decidedBy: 'matcher', candidates: [], actor: 't', at: '' }]));
    const publications = new Map(rows.map((r, i) => [`wj-${i}`, { serviceId: `wj-${i}`, appId: 'wj', target: 'local', externalId: String(i), contentHash: 'h', status: 'listed' as const, url: r.url, at: '' }]));
    const rules = buildRedirectRules({ unifiedApp, entryPoints, services, decisions, publications, catalog: () => undefined });
    rules.forEach((rule, i) => {
      if (!rows[i]!.url) return; // an empty URL is "not published yet": pending
      expect(rule.action, rows[i]!.name).toBe('unresolved');
      expect(rule.destination).toBe('https://sfb.example.cn/notice/wj');
      expect(rule.reason).toContain(rows[i]!.code);
      expect(rule.reason).not.toMatch(/[\r\n\u0000]/);
    });
  });
});
