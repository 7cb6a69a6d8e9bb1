// Several sources per app, each with its own mapping profile (sources[].profile): a portal and a
// sheet of extras name their columns differently; the records merge by key at extract and each
// source's profile reads its own columns, the earlier source winning a field both fill. An old
// yimen.yaml (one app profile) maps as before.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { extractApps } from '../../src/extract/runner.js';
import { mapApps } from '../../src/map/stage.js';
import { combineProfiles, resolveProfile, ProfileDoc } from '../../src/map/profile.js';
import { applyProfile } from '../../src/map/apply.js';
import { checkApp } from '../../src/extract/check.js';
import { adapterCheckFailure, renderAdapterCheck } from '../../src/cli/format/adapters.js';

const sheet = (path: string, profile?: string) => ({ adapter: 'spreadsheet', config: { files: [{ path, key: '编码' }] }, ...(profile ? { profile } : {}) });

function workspace(app: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'yimen-srcprof-'));
  const write = (rel: string, s: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), s);
  };
  write(
    'yimen.yaml',
    stringify({
      programme: '测试',
      province: '32',
      unifiedApp: { name: '苏服办', serviceUrl: 'https://sfb.example.gov.cn/service/{catalogCode}', noticeUrl: 'https://sfb.example.gov.cn/notice/{appId}', allowlist: ['sfb.example.gov.cn'] },
      apps: [{ id: 'county', name: '县App', division: '320509', ...app }],
    }),
  );
  write('portal.csv', ['编码,名称,部门', 'A1,社保查询,人社局', 'A2,医保查询,医保局'].join('\n'));
  write('extras.csv', ['编码,事项名称,月访问,实施部门', 'A1,社保查询（旧名）,1200,不该用', 'A8,新事项,25,民政局'].join('\n'));
  write('profiles/portal.yaml', 'fields:\n  name: 名称\n  agency.name: 部门\n');
  write('profiles/extras.yaml', "fields:\n  name: 事项名称\n  usage.monthlyVisits: 月访问\n  agency.name: { from: 实施部门, default: 未知部门 }\n");
  write('profiles/app.yaml', 'fields:\n  name: 名称\n');
  return root;
}

async function mapped(root: string) {
  const ws = await loadWorkspace(root);
  const store = openSqliteStore(ws.paths.db);
  try {
    expect((await extractApps(ws, store, { actor: 't' })).ok).toBe(true);
    const m = await mapApps(ws, store, { actor: 't' });
    return { m, services: new Map(store.services.list('county').map((s) => [s.source!.sourceKey, s])) };
  } finally {
    store.close();
  }
}

describe('a mapping profile per source', () => {
  it('each source is read through its own profile; the earlier source wins a field both fill; a default only when none does', async () => {
    const { m, services } = await mapped(workspace({ sources: [sheet('portal.csv', 'profiles/portal.yaml'), sheet('extras.csv', 'profiles/extras.yaml')] }));
    expect(m.apps[0]!.profile).toMatch(/portal\.yaml \+ .*extras\.yaml/);
    expect(services.get('A1')).toMatchObject({ name: '社保查询', agency: { name: '人社局' }, usage: { monthlyVisits: 1200 } });
    expect(services.get('A2')).toMatchObject({ name: '医保查询', agency: { name: '医保局' } });
    expect(services.get('A8')).toMatchObject({ name: '新事项', agency: { name: '民政局' }, usage: { monthlyVisits: 25 } });
    // the extras' columns are used by its profile: not left in extras
    expect(Object.keys(services.get('A1')!.extras)).toEqual(['编码']);
  });

  it("a source without a profile uses the app's; an old single-profile app maps as before", async () => {
    const a = await mapped(workspace({ profile: 'profiles/app.yaml', sources: [sheet('portal.csv'), sheet('extras.csv', 'profiles/extras.yaml')] }));
    expect(a.services.get('A8')).toMatchObject({ name: '新事项', usage: { monthlyVisits: 25 } });
    const b = await mapped(workspace({ profile: 'profiles/app.yaml', source: sheet('portal.csv') }));
    expect(b.m.apps[0]!.profile).toMatch(/app\.yaml$/);
    expect(b.services.get('A1')).toMatchObject({ name: '社保查询', extras: { 部门: '人社局' } });
  });

  it('an app with neither an app profile nor one on every source is refused', async () => {
    await expect(loadWorkspace(workspace({ sources: [sheet('portal.csv', 'profiles/portal.yaml'), sheet('extras.csv')] }))).rejects.toThrow(/profile: on every source/);
    await expect(loadWorkspace(workspace({ sources: [sheet('portal.csv', 'profiles/nope.yaml')], profile: 'profiles/app.yaml' }))).rejects.toThrow(/nope\.yaml/);
  });

  it('combineProfiles: first source first, defaults last (pure)', () => {
    const p1 = resolveProfile(ProfileDoc.parse({ fields: { name: 'n1', 'agency.name': { from: 'd1', default: 'D' } } }), 'p1');
    const p2 = resolveProfile(ProfileDoc.parse({ fields: { name: 'n2', 'agency.name': 'd2' } }), 'p2');
    const c = combineProfiles([p1, p2]);
    expect(applyProfile(c, { n1: 'a', n2: 'b', d2: 'x' }).fields).toMatchObject({ name: 'a', agency: { name: 'x' } });
    expect(applyProfile(c, { n2: 'b' }).fields).toMatchObject({ name: 'b', agency: { name: 'D' } });
    expect(applyProfile(c, { n1: 'a', d1: 'y', d2: 'x' }).fields).toMatchObject({ agency: { name: 'y' } });
  });

  it('one column stating both time limits fills each limit with its own part', () => {
    const p = resolveProfile(ProfileDoc.parse({ fields: { name: 'n', legalLimit: '时限', promisedLimit: { from: '时限', transform: 'timeLimit' } } }), 'p');
    const t = '法定办结时限：20个工作日；承诺办结时限：5个工作日';
    expect(applyProfile(p, { n: 'a', 时限: t }).fields).toMatchObject({ legalLimit: { value: 20, unit: 'workday' }, promisedLimit: { value: 5, unit: 'workday' } });
  });

  it('adapters check checks every source, not only the first', async () => {
    const root = workspace({ sources: [sheet('portal.csv', 'profiles/portal.yaml'), sheet('missing.csv', 'profiles/extras.yaml')] });
    const ws = await loadWorkspace(root, { checkFiles: false });
    const r = await checkApp(ws, 'county');
    expect(r.ok).toBe(false);
    expect(r.sources.map((x) => [x.index, x.adapter, x.ok])).toEqual([[0, 'spreadsheet', true], [1, 'spreadsheet', false]]);
    expect(r.reason).toMatch(/^source 2 \(spreadsheet\): .*missing\.csv/);
    expect(adapterCheckFailure(r)).toMatch(/source 1 \(spreadsheet\): ok\n  source 2 \(spreadsheet\): not ok: /);
    writeFileSync(join(root, 'missing.csv'), '编码,事项名称\nA9,补\n');
    const ok = await checkApp(ws, 'county');
    expect(ok.ok).toBe(true);
    expect(ok.streams).toHaveLength(2);
    expect(renderAdapterCheck(ok)).toMatch(/source 2 \(spreadsheet [^)]*\): ok/);
  });

  it("two sources claiming one address: one entry point, both claimants listed (entry points are pooled, not merged by key)", async () => {
    const root = workspace({ profile: 'profiles/app.yaml', sources: [sheet('portal.csv'), sheet('extras.csv')] });
    const link = (path: string) => ({ adapter: 'spreadsheet', config: { files: [{ path, key: '编码', entryPoints: [{ column: '链接', kind: 'web' }] }] } });
    writeFileSync(join(root, 'portal.csv'), '编码,名称,链接\nA1,社保查询,https://old.example.cn/s\n');
    writeFileSync(join(root, 'extras.csv'), '编码,名称,链接\nA8,社保查询（补）,https://old.example.cn/s\n');
    const y = join(root, 'yimen.yaml');
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const doc = parse(readFileSync(y, 'utf8'));
    doc.apps[0].sources = [link('portal.csv'), link('extras.csv')];
    writeFileSync(y, stringify(doc));
    const ws = await loadWorkspace(root);
    const store = openSqliteStore(ws.paths.db);
    try {
      const s = await extractApps(ws, store, { actor: 't' });
      expect(s.apps[0]!.entryPoints).toMatchObject({ total: 1, conflicts: 1 });
      expect(store.entryPoints.list('county')).toEqual([expect.objectContaining({ address: 'https://old.example.cn/s', serviceKey: 'A1', claimedBy: ['A1', 'A8'] })]);
    } finally {
      store.close();
    }
  });
});
