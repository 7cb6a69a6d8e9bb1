// Several sources per app merged by key, a visits table joined by code, and entry points made
// canonical at extract: tracking parameters dropped, collisions counted, shared addresses reported
// as conflicts, links already on the unified app or on other sites marked (no rule), hostile
// addresses refused or percent-encoded.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { extractApps } from '../../src/extract/runner.js';
import { buildRedirectRules } from '../../src/redirects/plan.js';
import { entryPointNotes } from '../../src/status/index.js';

const PORTAL = [
  '编码,名称,链接',
  'A1,社保查询,https://OLD.example.cn:443/svc?id=1&utm_source=x&from=home#top',
  'A2,医保查询,https://old.example.cn/svc?id=2',
  'A3,医保缴费,https://old.example.cn/svc?spm=1&id=2',
  'A4,银行开户,https://bank.example.com/open?x=1',
  'A5,已迁事项,https://sfb.example.gov.cn/service/123',
  'A6,坏地址,https://old.example.cn/a\\b',
  'A7,引号地址,"https://old.example.cn/a b""c"',
].join('\n');
const EXTRAS = ['编码,名称,备注,链接', 'A1,社保查询,只在补充清单里,', 'A8,新事项,补充,https://old.example.cn/svc?id=8'].join('\n');
const VISITS = ['访问统计', '事项编码,月访问量', 'A1,10', 'A2,20', 'Z9,5'].join('\n');

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'yimen-src-'));
  const write = (rel: string, s: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), s);
  };
  const sheet = (path: string) => ({ adapter: 'spreadsheet', config: { files: [{ path, key: '编码', entryPoints: [{ column: '链接', kind: 'web', label: '名称' }] }] } });
  write(
    'yimen.yaml',
    stringify({
      programme: '测试',
      province: '32',
      unifiedApp: { name: '苏服办', serviceUrl: 'https://sfb.example.gov.cn/service/{catalogCode}', noticeUrl: 'https://sfb.example.gov.cn/notice/{appId}', allowlist: ['sfb.example.gov.cn'] },
      apps: [
        {
          id: 'county',
          name: '县App',
          division: '320509',
          sources: [sheet('portal.csv'), sheet('extras.csv')],
          joins: [{ file: 'visits.csv', on: { left: '编码', right: '事项编码' }, fields: ['月访问量'] }],
          entryPoints: { significantParams: { web: ['id', 'from'] }, ownHosts: ['old.example.cn'] },
          profile: 'profile.yaml',
        },
      ],
    }),
  );
  write('profile.yaml', 'fields:\n  name: 名称\n');
  write('portal.csv', PORTAL);
  write('extras.csv', EXTRAS);
  write('visits.csv', VISITS);
  return root;
}

describe('several sources, joins and canonical entry points', () => {
  it('merges the sources by key, joins visits by code and reports what did not match', async () => {
    const ws = await loadWorkspace(workspace());
    const store = openSqliteStore(ws.paths.db);
    try {
      const s = await extractApps(ws, store, { actor: 't' });
      expect(s.ok).toBe(true);
      const a = s.apps[0]!;
      expect(a.adapter).toBe('spreadsheet+spreadsheet');
      expect(a.sources).toEqual([{ adapter: 'spreadsheet', read: expect.any(Number) }, { adapter: 'spreadsheet', read: expect.any(Number) }]);
      const rows = new Map([...store.raw.list('county', 'services')].map((r) => [r.key, r.data as Record<string, unknown>]));
      expect([...rows.keys()].sort()).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8']);
      // the portal's link stays, the extras add 备注, the join adds visits
      expect(rows.get('A1')).toMatchObject({ 名称: '社保查询', 备注: '只在补充清单里', 月访问量: '10' });
      expect(rows.get('A8')).toMatchObject({ 名称: '新事项' });
      expect(a.joins).toEqual([expect.objectContaining({ rows: 3, matched: 2, unmatched: 1, recordsWithout: 6 })]);
      expect(a.joins![0]!.unmatchedRows[0]).toMatch(/visits\.csv!R5 \(Z9\)/);
      expect(a.warnings.some((w) => /1 row\(s\) matched no record by 编码 = 事项编码/.test(w))).toBe(true);
      // a second run changes nothing
      const again = await extractApps(ws, store, { actor: 't' });
      expect(again.apps[0]!.streams.find((x) => x.stream === 'services')).toMatchObject({ new: 0, changed: 0, removed: 0 });
    } finally {
      store.close();
    }
  });

  it('canonicalises entry points, counts collisions, reports shared addresses and marks links that need no rule', async () => {
    const ws = await loadWorkspace(workspace());
    const store = openSqliteStore(ws.paths.db);
    try {
      const s = await extractApps(ws, store, { actor: 't' });
      const a = s.apps[0]!;
      const eps = store.entryPoints.list('county');
      const by = new Map(eps.map((e) => [e.address, e]));
      // tracking parameters go even when declared; fragment, default port and host case too
      expect(by.get('https://old.example.cn/svc?id=1')).toMatchObject({ serviceKey: 'A1', raw: 'https://OLD.example.cn:443/svc?id=1&utm_source=x&from=home#top' });
      // one address, one entry point, every claimant listed; the first in source order keeps it
      const shared = by.get('https://old.example.cn/svc?id=2')!;
      expect(shared).toMatchObject({ serviceKey: 'A2', claimedBy: ['A2', 'A3'] });
      expect(by.get('https://bank.example.com/open')).toMatchObject({ status: 'external' });
      expect(by.get('https://sfb.example.gov.cn/service/123')).toMatchObject({ status: 'migrated' });
      // quotes and spaces are percent-encoded; a backslash is refused
      expect(by.get('https://old.example.cn/a%20b%22c')).toBeDefined();
      const q = store.quarantine.list({ appId: 'county' });
      expect(q.some((r) => /backslash/.test(r.reason) && r.locator.includes('R7'))).toBe(true);
      expect(a.entryPoints).toMatchObject({ addresses: 7, total: 6, conflicts: 1, migrated: 1, external: 1, refused: 1 });
      expect(a.warnings.some((w) => /claimed by 2 services \(A2, A3\): A2 keeps it/.test(w))).toBe(true);
      expect(entryPointNotes(store, 'county')).toEqual({ migrated: 1, external: 1, conflicts: 1 });

      const rules = buildRedirectRules({ unifiedApp: ws.config.unifiedApp, entryPoints: eps, services: [], decisions: new Map(), publications: new Map(), catalog: () => undefined });
      expect(rules.map((r) => r.source).sort()).toEqual(['https://old.example.cn/a%20b%22c', 'https://old.example.cn/svc?id=1', 'https://old.example.cn/svc?id=2', 'https://old.example.cn/svc?id=8']);
      expect(rules.find((r) => r.source.endsWith('id=2'))!.reason).toMatch(/shared address claimed by A2, A3: A2 kept it by precedence/);
    } finally {
      store.close();
    }
  });

  it('an app with both source and sources is refused with the path', async () => {
    const root = workspace();
    const y = join(root, 'yimen.yaml');
    const { readFileSync } = await import('node:fs');
    writeFileSync(y, readFileSync(y, 'utf8').replace('    sources:', '    source: { adapter: spreadsheet, config: {} }\n    sources:'));
    await expect(loadWorkspace(root)).rejects.toThrow(/source or sources, not both/);
  });
});
