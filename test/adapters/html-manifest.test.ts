import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { htmlAdapter } from '../../adapters/html/index.js';
import { manifestAdapter } from '../../adapters/manifest/index.js';
import { materialiseEntryPoint } from '../../src/extract/entry-points.js';
import { fixtureDir, read } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await fixtureDir();
});

describe('html', () => {
  it('reads a saved menu page: items by selector, relative links resolved against <base>, placeholders reported, non-web schemes kept for refusal', async () => {
    const r = await read(htmlAdapter, { pages: [{ file: 'menu.html', items: 'li.item', label: '.t', fields: { 部门: '.dept' } }] }, dir);
    expect(r.of('services').filter((s) => !s.data['_notAService']).map((s) => s.key)).toEqual(['预约挂号', '报告查询', '健康热线', '核酸结果']);
    expect(r.byKey('services', '预约挂号')!.data).toEqual({ 名称: '预约挂号', 链接: 'https://ly.example.gov.cn/h5/appointment.html', 部门: '溧阳市人民医院' });
    const eps = r.of('entryPoints').map((e) => e.data.address);
    expect(eps).toEqual(['https://ly.example.gov.cn/h5/appointment.html', 'https://ly.example.gov.cn/h5/report?id=1', 'tel:0519-87654321', 'https://other.example.com/covid']);
    // placeholder cards (a javascript: link, a "敬请期待" card) are not-a-service records with their locator; the empty item is quarantined
    expect(r.of('services').filter((s) => s.data['_notAService']).map((s) => s.locator)).toEqual(['menu.html#li.item[2]', 'menu.html#li.item[5]']);
    expect(r.quarantined.map((q) => [q.locator, q.reason])).toEqual([['menu.html#li.item[6]', 'an item with neither a label nor a link']]);
    expect(r.byKey('services', '疫苗接种')!.data).toMatchObject({ 名称: '疫苗接种', 链接: "javascript:alert('建设中')" });
    // the runner refuses tel:
    const tel = r.of('entryPoints')[2]!;
    const m = materialiseEntryPoint('ly', tel.data, tel.locator);
    expect(m.ok).toBe(false);
    expect(!m.ok && m.refused && m.reason).toContain('tel');
  });

  it('reads a live GBK page over HTTP and resolves links against its URL', async () => {
    const page = '<html><head><meta charset="gbk"></head><body><div class="m"><a href="svc/1">社保查询</a></div><div class="m"><a href="../2">医保</a></div></body></html>';
    const server: Server = createServer((_, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(iconv.encode(page, 'gbk'));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/h5/index.html`;
      const r = await read(htmlAdapter, { pages: [{ url, items: 'div.m', key: 'address' }] }, dir);
      expect(r.of('services').map((s) => s.data['名称'])).toEqual(['社保查询', '医保']);
      // the live page's own URL is an app-level entry point, then each item's link
      expect(r.of('entryPoints').map((e) => [e.data.address, e.data.serviceKey])).toEqual([
        [url, undefined],
        [url.replace('index.html', 'svc/1'), url.replace('index.html', 'svc/1')],
        [url.replace('/h5/index.html', '/2'), url.replace('/h5/index.html', '/2')],
      ]);
    } finally {
      server.close();
    }
  });

  it('an item listed twice with the same link is read once; with another link it is quarantined', async () => {
    writeFileSync(join(dir, 'dup.html'), '<a class="i" href="https://a.example/1">办证</a><a class="i" href="https://a.example/1">办证</a><a class="i" href="https://a.example/2">办证</a>');
    const r = await read(htmlAdapter, { pages: [{ file: 'dup.html', items: 'a.i' }] }, dir);
    expect(r.of('services')).toHaveLength(1);
    expect(r.quarantined.map((q) => q.reason)).toEqual([expect.stringContaining('duplicate item "办证" with another link')]);
  });

  it('check says when the selector matches nothing', async () => {
    const c = htmlAdapter.spec.parse({ pages: [{ file: 'menu.html', items: '.nope' }] });
    const res = await htmlAdapter.check(c, { root: dir, appId: 't', env: {}, log: { info() {}, warn() {} } });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toContain('matches nothing');
  });

  it('refuses a page config with both file and url', () => {
    expect(htmlAdapter.spec.safeParse({ pages: [{ file: 'a.html', url: 'https://x.example/', items: 'li' }] }).success).toBe(false);
  });
});

describe('manifest', () => {
  it('reads nested menus with every kind of entry point', async () => {
    const r = await read(manifestAdapter, { files: [{ path: 'manifest.yaml', appScheme: 'rgyj://' }] }, dir);
    expect(r.of('services').map((s) => s.key)).toEqual(['RG001', 'RG002', 'RG003', '学习积分排名']);
    expect(r.byKey('services', 'RG001')!.data).toMatchObject({ 名称: '应急避难场所查询', 分组: '应急服务' });
    const eps = r.of('entryPoints').map((e) => [e.data.kind, e.data.address, e.data.serviceKey ?? '']);
    expect(eps).toEqual(
      expect.arrayContaining([
        ['web', 'https://rg.example.gov.cn/h5/emergency', ''],
        ['web', 'https://rg.example.gov.cn/h5/shelter', 'RG001'],
        ['deeplink', 'rgyj://shelter', 'RG001'],
        ['miniprogram', 'wx1234567890abcdef:pages/report/index', 'RG002'],
        ['deeplink', 'rgyj://checkin/daily', 'RG003'],
        ['qrcode', 'https://rg.example.gov.cn/qr/daily', 'RG003'],
        ['appstore', 'https://apps.apple.com/cn/app/id1234567890', ''],
        ['appstore', 'appmarket://details?id=cn.rugao.yingji', ''],
        ['qrcode', 'https://rg.example.gov.cn/qr/checkin', 'RG003'],
        ['miniprogram', 'wx1234567890abcdef:pages/index/index', ''],
      ]),
    );
    expect(eps).toHaveLength(10);
    expect(r.quarantined.map((q) => q.reason)).toEqual(['a menu item that is not an object']);
    for (const e of r.of('entryPoints')) expect(materialiseEntryPoint('rg', e.data, e.locator).ok).toBe(true);
  });

  it('reads a JSON route table with other field names', async () => {
    const r = await read(manifestAdapter, { files: [{ path: 'manifest.json', baseUrl: 'https://wj.example.gov.cn/' }] }, dir);
    expect(r.of('services').map((s) => s.key)).toEqual(['R1', 'R2']);
    expect(r.of('entryPoints').map((e) => e.data.address)).toEqual(['https://wj.example.gov.cn/h5/sb', 'wxaaaa:pages/sb', 'wjapp://gjj']);
  });

  it('says what is wrong with a broken file', async () => {
    writeFileSync(join(dir, 'broken.json'), '{ "routes": [ }');
    const c = manifestAdapter.spec.parse({ files: [{ path: 'broken.json' }] });
    const res = await manifestAdapter.check(c, { root: dir, appId: 't', env: {}, log: { info() {}, warn() {} } });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toContain('not valid JSON');
  });
});

afterAll(() => {});
