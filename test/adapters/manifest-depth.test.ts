// manifest: menus nested under several keys, entry points in any shape, WeChat app.json natively,
// item page paths as mini-program entry points, and hostile files.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestAdapter } from '../../adapters/manifest/index.js';
import { materialiseEntryPoint } from '../../src/extract/entry-points.js';
import { read } from './helpers.js';
import { tempDir } from '../helpers/cli.js';

let dir: string;
const json = (name: string, v: unknown) => writeFileSync(join(dir, name), typeof v === 'string' ? v : JSON.stringify(v, null, 1));

const APP = {
  appid: 'wxfeed00112233aabb',
  pages: ['pages/home/index', 'pages/svc/detail', '/pages/me/index'],
  subpackages: [{ root: 'pkgA/', pages: ['pages/sign/index', 'pages/rank/index'] }],
  subPackages: [{ root: 'pkgB', pages: ['x/index'] }],
  tabBar: { list: [{ pagePath: 'pages/home/index', text: '首页' }, { pagePath: 'pages/me/index', text: '我的' }] },
  window: { navigationBarTitleText: '示例' },
};
const CMS = {
  meta: { exported: '2025-01-01' },
  groups: [
    {
      gid: 1,
      label: '民生',
      subMenus: [
        {
          gid: 11,
          label: '社保',
          entries: [
            { sid: 'A1', info: { title: '参保查询' }, pv: '1.2万', page: '/pages/svc/detail?id=A1', h5: null },
            { sid: 'A2', info: { title: '待遇认证' }, pv: '4,731次', page: '', h5: 'https://h5.example.gov.cn/a2?from=mp' },
          ],
        },
      ],
      children: [{ sid: 'A3', info: { title: '证明开具' }, pv: '—', page: 'pages/svc/detail?id=A3' }],
    },
  ],
  legacyRoutes: [{ old: '/svc/a1', now: '/pages/svc/detail?id=A1', sid: 'A1' }, { old: '', now: '/x' }],
  posters: [{ img: 'p.png', target: 'https://h5.example.gov.cn/qr/a3', for: 'A3' }],
};
const CMS_CFG = { path: 'cms.json', services: 'groups', children: 'subMenus|children|entries', key: 'sid', name: 'info.title', appScheme: undefined };

beforeAll(() => {
  dir = tempDir();
  json('app.json', APP);
  json('cms.json', CMS);
  json('cms-with-id.json', { appId: 'wx00cafe', list: [{ id: 'K1', name: '一项', path: 'pages/k/index?id=K1' }] });
  json('bad.json', '{\n  "menus": [\n    { "id": 1, }\n  ]\n}');
  json('notalist.json', { services: { id: 1, name: 'x' } });
  json('scalar.json', '"just text"');
  json('nothing.json', { version: 3 });
  writeFileSync(join(dir, 'bad.yaml'), 'menus:\n  - id: 1\n   name: x\n');
  json('app-noid.json', { pages: ['pages/a/index'] });
});

describe('manifest: a WeChat mini-program', () => {
  it('app.json: every page of the main package and subpackages (either spelling, root joined), tab labels, the root appid', async () => {
    const r = await read(manifestAdapter, { files: [{ path: 'app.json' }] }, dir);
    expect(r.of('entryPoints').map((e) => [e.data.address, e.data.label ?? ''])).toEqual([
      ['wxfeed00112233aabb:pages/home/index', '首页'],
      ['wxfeed00112233aabb:pages/svc/detail', ''],
      ['wxfeed00112233aabb:pages/me/index', '我的'],
      ['wxfeed00112233aabb:pkgB/x/index', ''],
      ['wxfeed00112233aabb:pkgA/pages/sign/index', ''],
      ['wxfeed00112233aabb:pkgA/pages/rank/index', ''],
    ]);
    expect(r.of('services')).toHaveLength(0);
    expect(r.quarantined).toHaveLength(0);
    for (const e of r.of('entryPoints')) {
      expect(e.data.serviceKey).toBeUndefined(); // app-level
      expect(materialiseEntryPoint('mp', e.data, e.locator).ok).toBe(true);
    }
  });

  it('app.json with no appid takes the one another file of the app names; with none anywhere it is quarantined, not silently empty', async () => {
    const r = await read(manifestAdapter, { files: [{ path: 'app-noid.json' }, { path: 'cms-with-id.json' }] }, dir);
    expect(r.of('entryPoints').map((e) => e.data.address)).toEqual(['wx00cafe:pages/a/index', 'wx00cafe:pages/k/index?id=K1']);
    // the CMS item's page path is that item's mini-program entry point, not a deep link
    expect(r.of('entryPoints')[1]!.data).toMatchObject({ kind: 'miniprogram', serviceKey: 'K1', miniprogram: { appId: 'wx00cafe', path: 'pages/k/index?id=K1' } });
    const alone = await read(manifestAdapter, { files: [{ path: 'app-noid.json' }] }, dir);
    expect(alone.quarantined).toEqual([expect.objectContaining({ locator: 'app-noid.json', incomplete: true, reason: expect.stringContaining('without an appId') })]);
    const configured = await read(manifestAdapter, { appId: 'wxset', files: [{ path: 'app-noid.json' }] }, dir);
    expect(configured.of('entryPoints').map((e) => e.data.address)).toEqual(['wxset:pages/a/index']);
  });

  it('a CMS export: items nested under several child keys, field paths for key and name, visits as written, page paths → mini-program entry points, empty cells absent', async () => {
    const r = await read(manifestAdapter, { appId: 'wxcms', files: [{ ...CMS_CFG, entryPoints: [
      { each: 'legacyRoutes', address: 'old', kind: 'miniprogram', serviceKey: 'sid', label: 'now' },
      { each: 'posters', address: 'target', kind: 'qrcode', serviceKey: 'for' },
    ] }] }, dir);
    expect(r.of('services').map((s) => [s.key, s.data['名称'], s.data['分组'], s.data.pv])).toEqual([
      ['A1', '参保查询', '民生 / 社保', '1.2万'],
      ['A2', '待遇认证', '民生 / 社保', '4,731次'],
      ['A3', '证明开具', '民生', '—'],
    ]);
    expect(r.of('entryPoints').map((e) => [e.data.kind, e.data.address, e.data.serviceKey])).toEqual([
      ['miniprogram', 'wxcms:pages/svc/detail?id=A1', 'A1'],
      ['web', 'https://h5.example.gov.cn/a2?from=mp', 'A2'],
      ['miniprogram', 'wxcms:pages/svc/detail?id=A3', 'A3'],
      ['miniprogram', 'wxcms:/svc/a1', 'A1'],
      ['qrcode', 'https://h5.example.gov.cn/qr/a3', 'A3'],
    ]);
    // A1's null h5, A2's empty page and the empty legacy route are simply absent: no quarantine
    expect(r.quarantined).toEqual([]);
  });

  it('with an app scheme, routes are deep links (route pairs too)', async () => {
    const r = await read(manifestAdapter, { files: [{ ...CMS_CFG, route: 'page', appScheme: 'demo://', entryPoints: [{ each: 'legacyRoutes', address: 'old', kind: 'deeplink', serviceKey: 'sid' }] }] }, dir);
    expect(r.of('entryPoints').filter((e) => e.data.kind === 'deeplink').map((e) => e.data.address)).toEqual(['demo://pages/svc/detail?id=A1', 'demo://pages/svc/detail?id=A3', 'demo://svc/a1']);
  });
});

describe('manifest: hostile files', () => {
  it('invalid JSON: quarantined as incomplete with the file, the line and its text — no stack trace', async () => {
    const r = await read(manifestAdapter, { files: [{ path: 'bad.json' }] }, dir);
    expect(r.records).toEqual([]);
    expect(r.quarantined).toEqual([expect.objectContaining({ locator: 'bad.json:3', incomplete: true, raw: '    { "id": 1, }', reason: expect.stringContaining('not valid JSON (line 3)') })]);
    const c = await manifestAdapter.check(manifestAdapter.spec.parse({ files: [{ path: 'bad.json' }] }), { root: dir, appId: 't', env: {}, log: { info() {}, warn() {} } });
    expect(c.ok).toBe(false);
  });

  it('invalid YAML: the same, with its line', async () => {
    const r = await read(manifestAdapter, { files: [{ path: 'bad.yaml' }] }, dir);
    expect(r.quarantined[0]).toMatchObject({ incomplete: true, reason: expect.stringContaining('not valid YAML') });
    expect(r.quarantined[0]!.locator).toMatch(/^bad\.yaml:\d+$/);
  });

  it('a list that is not a list, a document that is a string, or one with no list: an incomplete quarantine, never 0 records silently', async () => {
    for (const [file, reason] of [
      ['notalist.json', '"services" is not a list (found object)'],
      ['scalar.json', 'no services or entry points found'],
      ['nothing.json', 'no services or entry points found'],
    ] as const) {
      const r = await read(manifestAdapter, { files: [{ path: file }] }, dir);
      expect(r.records).toEqual([]);
      expect(r.quarantined).toHaveLength(1);
      expect(r.quarantined[0]).toMatchObject({ incomplete: true, reason: expect.stringContaining(reason) });
      const c = await manifestAdapter.check(manifestAdapter.spec.parse({ files: [{ path: file }] }), { root: dir, appId: 't', env: {}, log: { info() {}, warn() {} } });
      expect(c.ok).toBe(false);
    }
    const wrongPath = await read(manifestAdapter, { files: [{ path: 'cms.json', services: 'data.items' }] }, dir);
    expect(wrongPath.quarantined[0]).toMatchObject({ incomplete: true, reason: 'no service list at "data.items"' });
  });

  it('a bad field path in config is a config error', () => {
    expect(manifestAdapter.spec.safeParse({ files: [{ path: 'x.json', key: 'a[' }] }).success).toBe(false);
  });
});
