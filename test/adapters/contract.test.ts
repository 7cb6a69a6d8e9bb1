// Every built-in adapter (and the example third-party one) passes the exported contract test kit.
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { contractTests, runContract, type ContractFixture } from 'yimen/sdk/testkit';
import { spreadsheetAdapter } from '../../adapters/spreadsheet/index.js';
import { htmlAdapter } from '../../adapters/html/index.js';
import { manifestAdapter } from '../../adapters/manifest/index.js';
import { restJsonAdapter } from '../../adapters/rest-json/index.js';
import { fixtureDir } from './helpers.js';
import { ROOT } from '../helpers/cli.js';

let dir: string;
let server: Server;
let base: string;
const requests: string[] = [];

// a small catalog API on loopback: page pagination and an updated_since filter
const ITEMS = Array.from({ length: 7 }, (_, i) => ({ id: `S${i + 1}`, name: `事项${i + 1}`, updatedAt: `2025-01-0${i + 1}`, url: `/h5/s${i + 1}` }));

let shapes: string;

beforeAll(async () => {
  dir = await fixtureDir();
  // the shapes sources really come in: a mini-program and its CMS export, saved H5 pages
  shapes = join(dir, 'shapes');
  mkdirSync(shapes, { recursive: true });
  writeFileSync(join(shapes, 'app.json'), JSON.stringify({ pages: ['pages/index/index', 'pages/item/index'], subPackages: [{ root: 'sub', pages: ['p/a'] }], tabBar: { list: [{ pagePath: 'pages/index/index', text: '首页' }] } }));
  writeFileSync(
    join(shapes, 'cms.json'),
    JSON.stringify({
      appId: 'wx5a5a5a5a5a5a5a5a',
      sections: [
        { name: '办事', subMenus: [{ key: 'C1', title: '社保查询', page: 'pages/item/index?id=C1', pv: '1.2万' }], items: [{ key: 'C2', title: '公积金', page: '', webview: 'https://h5.example.gov.cn/gjj' }] },
        { name: '空', items: [{ title: '' }, 'bad'] },
      ],
    }),
  );
  writeFileSync(
    join(shapes, 'p1.html'),
    '<!-- saved from url=(0034)https://h5.example.gov.cn/m/a.html -->\n<ul><li class="s" data-pv="12"><a href="x?id=1" data-code="001">甲</a></li><li class="s"><a href="javascript:void(0)">乙</a></li></ul>',
  );
  writeFileSync(join(shapes, 'p2.html'), '<link rel="canonical" href="https://h5.example.gov.cn/m/b.html"><ul><li class="s"><a href="y?id=2">丙</a></li></ul>');
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const u = new URL(req.url ?? '/', 'http://x');
    if (req.headers.authorization !== 'Bearer contract-token') {
      res.statusCode = 401;
      res.setHeader('Content-Type', 'application/problem+json');
      return res.end(JSON.stringify({ title: 'Unauthorized', detail: 'a valid bearer token is required' }));
    }
    const detail = /^\/api\/items\/(S\d+)$/.exec(u.pathname);
    if (detail) {
      const it = ITEMS.find((x) => x.id === detail[1] && x.id !== 'S4');
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      if (!it) {
        res.statusCode = 404;
        return res.end('{"code":404}');
      }
      return res.end(JSON.stringify({ code: 0, data: { ...it, visits: `${it.id.slice(1)},000次`, entries: [{ type: 'qrcode', content: `/qr/${it.id}` }] } }));
    }
    const page = Number(u.searchParams.get('page') ?? 1);
    const size = Number(u.searchParams.get('pageSize') ?? 3);
    const since = u.searchParams.get('updated_since');
    const all = ITEMS.filter((x) => !since || x.updatedAt > since);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ code: 0, data: { total: all.length, list: all.slice((page - 1) * size, page * size) } }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server?.close());

contractTests(
  () => ({
    adapter: spreadsheetAdapter,
    root: dir,
    config: {
      files: [
        { path: 'services-gb18030.csv', key: '事项编号', entryPoints: [{ column: 'H5地址', kind: 'web' }] },
        { path: 'services.xlsx', sheet: '事项清单', key: '事项编号', headerRows: 2 },
      ],
    },
    badConfigs: [{ config: { files: [] } }, { config: { files: [{ path: 'missing.csv', key: 'x' }] }, why: 'the file does not exist' }, { config: { files: [{ path: 'services.xlsx', sheet: 'nope', key: 'x' }] } }],
    expected: [
      { stream: 'services', key: 'WJ001', data: { 事项名称: '城乡居民养老保险参保登记' } },
      { stream: 'services', key: 'WJ102', data: { 实施主体: '吴江区自然资源局' } },
      { stream: 'entryPoints', key: 'web https://wj.example.gov.cn/h5/wj001', data: { serviceKey: 'WJ001' } },
    ],
    counts: { services: 7 },
    quarantined: { services: 2 },
  }),
  { describe, it },
  'spreadsheet',
);

contractTests(
  () => ({
    adapter: htmlAdapter,
    root: dir,
    config: { pages: [{ file: 'menu.html', items: 'li.item', label: '.t' }] },
    badConfigs: [{ config: { pages: [{ file: 'menu.html' }] }, why: 'no items selector' }, { config: { pages: [{ file: 'gone.html', items: 'li' }] } }],
    expected: [
      { stream: 'services', key: '报告查询', data: { 链接: 'https://ly.example.gov.cn/h5/report?id=1' } },
      { stream: 'entryPoints', key: 'web https://ly.example.gov.cn/h5/appointment.html', data: { serviceKey: '预约挂号' } },
    ],
    // four services and two placeholder cards (records marked _notAService, no entry point)
    counts: { services: 6, entryPoints: 4 },
    // an empty item
    quarantined: { services: 1 },
  }),
  { describe, it },
  'html',
);

contractTests(
  () => ({
    adapter: manifestAdapter,
    root: dir,
    config: { files: [{ path: 'manifest.yaml', appScheme: 'rgyj://' }] },
    badConfigs: [{ config: { files: [{ path: 'nope.yaml' }] } }, { config: { files: [{}] } }],
    expected: [
      { stream: 'services', key: 'RG002', data: { 名称: '灾情上报' } },
      { stream: 'entryPoints', key: 'miniprogram wx1234567890abcdef:pages/report/index', data: { serviceKey: 'RG002', miniprogram: { appId: 'wx1234567890abcdef', path: 'pages/report/index' } } },
    ],
    counts: { services: 4, entryPoints: 10 },
  }),
  { describe, it },
  'manifest',
);

contractTests(
  () => ({
    adapter: restJsonAdapter,
    root: dir,
    env: { CONTRACT_TOKEN: 'contract-token', WRONG_TOKEN: 'wrong-token' },
    config: {
      baseUrl: base,
      auth: { type: 'bearer', tokenEnv: 'CONTRACT_TOKEN' },
      streams: [
        {
          path: '/api/items',
          records: 'data.list',
          key: 'id',
          pagination: { type: 'page', sizeParam: 'pageSize', size: 3 },
          incremental: { param: 'updated_since', cursorField: 'updatedAt' },
          entryPoints: [{ field: 'url', label: 'name' }],
        },
      ],
    },
    badConfigs: [
      { config: { baseUrl: 'not a url', streams: [] } },
      { config: { baseUrl: base, auth: { type: 'bearer', tokenEnv: 'WRONG_TOKEN' }, streams: [{ path: '/api/items', records: 'data.list', key: 'id' }] }, why: 'the server refuses the token' },
      { config: { baseUrl: base, auth: { type: 'bearer', tokenEnv: 'UNSET_TOKEN' }, streams: [{ path: '/api/items', key: 'id' }] }, why: 'the secret is not set' },
      { config: { baseUrl: base, auth: { type: 'bearer', tokenEnv: 'CONTRACT_TOKEN' }, streams: [{ path: '/api/items', records: 'data.nope', key: 'id' }] }, why: 'no records there' },
    ],
    expected: [
      { stream: 'services', key: 'S1', data: { name: '事项1' } },
      { stream: 'services', key: 'S7' },
      { stream: 'entryPoints', key: `web ${base}/h5/s7`, data: { serviceKey: 'S7', label: '事项7' } },
    ],
    counts: { services: 7, entryPoints: 7 },
    exact: false,
  }),
  { describe, it },
  'rest-json (real HTTP server on loopback)',
);

contractTests(
  () => ({
    adapter: manifestAdapter,
    root: shapes,
    config: { files: [{ path: 'app.json' }, { path: 'cms.json', services: 'sections', key: 'key', web: 'webview' }] },
    badConfigs: [{ config: { files: [{ path: 'cms.json', key: 'a[' }] }, why: 'a bad field path' }, { config: { files: [{ path: 'cms.json', services: 'nope' }] }, why: 'no list there' }],
    expected: [
      { stream: 'entryPoints', key: 'miniprogram wx5a5a5a5a5a5a5a5a:sub/p/a', data: { miniprogram: { appId: 'wx5a5a5a5a5a5a5a5a', path: 'sub/p/a' } } },
      { stream: 'entryPoints', key: 'miniprogram wx5a5a5a5a5a5a5a5a:pages/item/index?id=C1', data: { serviceKey: 'C1' } },
      { stream: 'entryPoints', key: 'web https://h5.example.gov.cn/gjj', data: { serviceKey: 'C2' } },
      { stream: 'services', key: 'C1', data: { pv: '1.2万', 分组: '办事' } },
    ],
    counts: { services: 2, entryPoints: 5 },
    quarantined: { services: 2 },
  }),
  { describe, it },
  'manifest (mini-program app.json + CMS export)',
);

contractTests(
  () => ({
    adapter: htmlAdapter,
    root: shapes,
    config: { pages: [{ file: ['p1.html', 'p2.html'], items: 'li.s', key: 'address', fields: { 访问: '@data-pv', 编码: 'a@data-code' } }] },
    badConfigs: [{ config: { pages: [{ file: 'p1.html', items: 'li.s', fields: { x: 'a@' } }] }, why: 'a bad field path' }, { config: { pages: [{ file: ['p1.html', 'gone.html'], items: 'li.s' }] } }],
    expected: [
      { stream: 'services', key: 'https://h5.example.gov.cn/m/x?id=1', data: { 名称: '甲', 访问: '12', 编码: '001' } },
      { stream: 'entryPoints', key: 'web https://h5.example.gov.cn/m/a.html', data: { kind: 'web' } },
      { stream: 'entryPoints', key: 'web https://h5.example.gov.cn/m/y?id=2', data: { serviceKey: 'https://h5.example.gov.cn/m/y?id=2' } },
      { stream: 'services', key: 'javascript:void(0)', data: { 名称: '乙', _notAService: 'placeholder card: a "javascript:void(0)" link' } },
    ],
    counts: { services: 3, entryPoints: 4 },
    quarantined: { services: 0 },
  }),
  { describe, it },
  'html (saved pages, attributes, placeholders)',
);

contractTests(
  () => ({
    adapter: restJsonAdapter,
    root: dir,
    env: { CONTRACT_TOKEN: 'contract-token' },
    config: {
      baseUrl: base,
      linkBase: 'https://app.example.gov.cn/',
      auth: { type: 'bearer', tokenEnv: 'CONTRACT_TOKEN' },
      streams: [
        {
          path: '/api/items',
          records: 'data.list',
          key: 'id',
          pagination: { type: 'page', sizeParam: 'pageSize', size: 3 },
          detail: { path: '/api/items/{id}', records: 'data' },
          entryPoints: [{ field: 'url', kind: 'web', label: 'name' }, { each: 'entries', address: 'content' }],
        },
      ],
    },
    badConfigs: [{ config: { baseUrl: base, streams: [{ path: '/api/items', key: 'id', detail: { path: '' } }] }, why: 'an empty detail path' }],
    expected: [
      { stream: 'services', key: 'S2', data: { visits: '2,000次' } },
      { stream: 'services', key: 'S4', data: { name: '事项4' } },
      { stream: 'entryPoints', key: 'qrcode https://app.example.gov.cn/qr/S1', data: { serviceKey: 'S1' } },
      { stream: 'entryPoints', key: 'web https://app.example.gov.cn/h5/s7', data: { serviceKey: 'S7' } },
    ],
    counts: { services: 7, entryPoints: 13 },
  }),
  { describe, it },
  'rest-json with details (real HTTP server on loopback, one detail 404)',
);

describe('the example third-party adapter passes the kit too', () => {
  it('yimen-adapter-sitemap', async () => {
    const mod = await import(join(ROOT, 'examples/adapters/yimen-adapter-sitemap/index.mjs'));
    const fx: ContractFixture = {
      adapter: mod.default,
      root: join(ROOT, 'examples/adapters/yimen-adapter-sitemap'),
      config: { file: 'sitemap.xml', serviceKey: '/item/(\\w+)', exclude: ['\\.png$'] },
      badConfigs: [{ config: { file: 'absent.xml' } }, { config: { file: 'sitemap.xml', serviceKey: '(' } }, { config: {} }],
      expected: [{ stream: 'entryPoints', key: 'web https://wj.example.gov.cn/h5/item/WJ002?from=menu&x=1', data: { serviceKey: 'WJ002' } }],
      counts: { entryPoints: 3 },
      quarantined: { entryPoints: 1 },
    };
    const report = await runContract(fx);
    expect(report.filter((c) => !c.ok)).toEqual([]);
    expect(report).toHaveLength(6);
  });

  it('the kit catches an adapter that breaks the contract', async () => {
    const bad: ContractFixture = {
      adapter: {
        ...spreadsheetAdapter,
        name: 'Bad Name',
        async *read() {
          yield { type: 'record', stream: 'services', key: '', locator: 'x', data: {} };
        },
        async discover() {
          return [{ name: 'services', primaryKey: [] }];
        },
      },
      root: dir,
      config: { files: [{ path: 'services-bom.csv', key: '事项编号' }] },
      badConfigs: [],
      expected: [{ stream: 'services', key: 'WJ001' }],
    };
    const report = await runContract(bad);
    const failed = report.filter((c) => !c.ok).map((c) => c.error ?? '');
    expect(failed.some((e) => e.includes('lower-case'))).toBe(true);
    expect(failed.some((e) => e.includes('no bad configs'))).toBe(true);
    expect(failed.some((e) => e.includes('no primary key'))).toBe(true);
    expect(failed.some((e) => e.includes('without a key'))).toBe(true);
  });
});
