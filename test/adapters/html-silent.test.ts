// html: pages read wrongly without a word — a link behind onclick taken for a placeholder, a live
// page's redirect ignored when resolving links, a page matching nothing read as "no services", a
// byte-order mark overruled by <meta charset>, an unrendered template read as a service.
import { beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { htmlAdapter } from '../../adapters/html/index.js';
import { read } from './helpers.js';
import { tempDir } from '../helpers/cli.js';

let dir: string;
const OWN = '<!-- saved from url=(0040)https://h5.x.gov.cn/portal/index.html -->\n';

beforeAll(() => {
  dir = tempDir();
  writeFileSync(
    join(dir, 'onclick.html'),
    OWN +
      `<ul>
  <li class="c"><a href="javascript:void(0)" onclick="location.href='svc/1.html?id=1&amp;t=2'">社保查询</a></li>
  <li class="c"><a href="javascript:;" data-url="svc/2">医保缴费</a></li>
  <li class="c" onclick="window.location.href = '/svc/3'"><a href="#">公积金提取</a></li>
  <li class="c"><a href="javascript:openUrl('https://zw.x.gov.cn/a?id=4')">不动产查询</a></li>
  <li class="c"><a href="javascript:void(0)" onclick="window.open('svc/5.html', '_blank')">社保卡补换</a></li>
  <li class="c"><a href="javascript:alert('建设中')">积分商城</a></li>
  <li class="c"><a href="javascript:void(0)" onclick="showTip()">智慧停车</a></li>
</ul>`,
  );
});

describe('html: links that are there but not in href', () => {
  it('a javascript:/# link whose onclick, javascript: body or data-url goes to a page is that page, not a placeholder', async () => {
    const r = await read(htmlAdapter, { pages: [{ file: 'onclick.html', items: 'li.c' }] }, dir);
    const svc = r.of('services');
    expect(svc.filter((s) => !s.data['_notAService']).map((s) => [s.key, s.data['链接']])).toEqual([
      ['社保查询', 'https://h5.x.gov.cn/portal/svc/1.html?id=1&t=2'],
      ['医保缴费', 'https://h5.x.gov.cn/portal/svc/2'],
      ['公积金提取', 'https://h5.x.gov.cn/svc/3'],
      ['不动产查询', 'https://zw.x.gov.cn/a?id=4'],
      ['社保卡补换', 'https://h5.x.gov.cn/portal/svc/5.html'],
    ]);
    // a script that goes nowhere is still a placeholder
    expect(svc.filter((s) => s.data['_notAService']).map((s) => s.key)).toEqual(['积分商城', '智慧停车']);
    expect(r.of('entryPoints').filter((e) => e.data.serviceKey).map((e) => e.data.address)).toEqual([
      'https://h5.x.gov.cn/portal/svc/1.html?id=1&t=2',
      'https://h5.x.gov.cn/portal/svc/2',
      'https://h5.x.gov.cn/svc/3',
      'https://zw.x.gov.cn/a?id=4',
      'https://h5.x.gov.cn/portal/svc/5.html',
    ]);
  });
});

describe('html: a live page that redirects', () => {
  it('relative links resolve against the address the page was finally served from', async () => {
    const page = '<html><body><div class="m"><a href="svc/1">社保查询</a></div><div class="m"><a href="../2">医保</a></div></body></html>';
    const server: Server = createServer((req, res) => {
      // nginx's "add a slash" redirect: the page lives at /zwfw/, its links are relative to it
      if (req.url === '/zwfw') {
        res.statusCode = 301;
        res.setHeader('Location', '/zwfw/');
        return res.end();
      }
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(page);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    try {
      const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await read(htmlAdapter, { pages: [{ url: `${root}/zwfw`, items: 'div.m' }] }, dir);
      expect(r.of('services').map((s) => [s.key, s.data['链接']])).toEqual([
        ['社保查询', `${root}/zwfw/svc/1`],
        ['医保', `${root}/2`],
      ]);
      // the address users had is still the page's entry point
      expect(r.of('entryPoints')[0]!.data.address).toBe(`${root}/zwfw`);
      expect(r.of('entryPoints')[0]!.data.serviceKey).toBeUndefined();
    } finally {
      server.close();
    }
  });
});

describe('html: a page with nothing to read', () => {
  it('a page the item selector finds nothing on is an incomplete quarantine (a changed layout or an error page), never 0 services in silence', async () => {
    writeFileSync(join(dir, 'a.html'), '<li class="c"><a href="https://x.gov.cn/1">社保</a></li>');
    writeFileSync(join(dir, 'b.html'), '<html><head><title>系统维护中</title></head><body><div class="card"><a href="https://x.gov.cn/2">医保</a></div></body></html>');
    const r = await read(htmlAdapter, { pages: [{ file: ['a.html', 'b.html'], items: 'li.c' }] }, dir);
    expect(r.of('services').map((s) => s.key)).toEqual(['社保']);
    expect(r.quarantined).toEqual([expect.objectContaining({ stream: 'services', locator: 'b.html', incomplete: true, reason: expect.stringContaining('"li.c" matches nothing') })]);
  });
});

describe('html: encodings', () => {
  it('a byte-order mark wins over a <meta charset> the page was not re-saved with (as in a browser)', async () => {
    const page = '<html><head><meta charset="gbk"></head><body><li class="c"><a href="https://a.x.gov.cn/1">社保查询</a></li></body></html>';
    writeFileSync(join(dir, 'bom8.html'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page)]));
    writeFileSync(join(dir, 'bom16.html'), Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(page, 'utf16le')]));
    for (const file of ['bom8.html', 'bom16.html']) {
      const r = await read(htmlAdapter, { pages: [{ file, items: 'li.c' }] }, dir);
      expect(r.of('services').map((s) => s.key)).toEqual(['社保查询']);
    }
  });
});

describe('html: a page saved before its script filled it in', () => {
  it('an item that is still a template ({{item.name}}) is quarantined, not read as a service at a made-up address', async () => {
    writeFileSync(
      join(dir, 'tpl.html'),
      OWN + '<li class="c"><a href="svc/real">社保查询</a></li><li class="c"><a href="{{item.url}}">{{item.name}}</a></li><li class="c"><a :href="item.url">{{ item.title }}</a></li>',
    );
    const r = await read(htmlAdapter, { pages: [{ file: 'tpl.html', items: 'li.c' }] }, dir);
    expect(r.of('services').map((s) => s.key)).toEqual(['社保查询']);
    expect(r.of('entryPoints').map((e) => e.data.address)).toEqual(['https://h5.x.gov.cn/portal/index.html', 'https://h5.x.gov.cn/portal/svc/real']);
    expect(r.quarantined.map((q) => [q.locator, q.reason])).toEqual([
      ['tpl.html#li.c[1]', expect.stringContaining('unrendered template')],
      ['tpl.html#li.c[2]', expect.stringContaining('unrendered template')],
    ]);
  });
});

describe('html: icon-only cards', () => {
  it('take their name from the image alt, aria-label or title, not an empty label', async () => {
    writeFileSync(
      join(dir, 'icons.html'),
      OWN +
        `<div class="grid">
  <a class="c" href="svc/1"><img src="i/1.png" alt="社保查询"></a>
  <a class="c" href="svc/2" aria-label="医保缴费"><i class="icon-yb"></i></a>
  <a class="c" href="svc/3"><img src="i/3.png" alt="公积金提取"> </a>
</div>`,
    );
    const r = await read(htmlAdapter, { pages: [{ file: 'icons.html', items: 'a.c' }] }, dir);
    expect(r.of('services').map((s) => [s.key, s.data['名称']])).toEqual([
      ['社保查询', '社保查询'],
      ['医保缴费', '医保缴费'],
      ['公积金提取', '公积金提取'],
    ]);
  });
});
