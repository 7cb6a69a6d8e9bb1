// html: fields from attributes, a saved page's own address as its base and an entry point,
// placeholder cards reported, several pages per app.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlAdapter } from '../../adapters/html/index.js';
import { read } from './helpers.js';
import { tempDir } from '../helpers/cli.js';

let dir: string;
const PAGE1 = `<!DOCTYPE html>
<!-- saved from url=(0043)https://H5.Demo.example.gov.cn/portal/index.html -->
<html><head><meta charset="utf-8"><title>示范区 掌上办</title></head><body>
<ul>
  <li class="card" data-id="D1" data-visits="120"><a href="svc/detail?sid=1&amp;from=home" data-dept="示范区人社局"><b class="n">就业登记</b><span class="pv">月访问 4,731次</span></a><img class="qr" data-url="/qr/1"></li>
  <li class="card" data-id="D2"><a href="/portal/svc/detail?sid=2" data-dept="示范区医保局"><b class="n">医保转移</b><span class="pv">1.2万</span></a><img class="qr"></li>
  <li class="card" data-id="D3"><a href="#" data-dept="示范区城管局"><b class="n">智慧停车</b><span class="pv">—</span></a></li>
  <li class="card" data-id="D4"><a href="svc/detail?sid=4"><b class="n">电子证照</b><i>即将上线</i></a></li>
  <li class="card" data-id="D5"><a href="javascript:;"><b class="n">积分商城</b></a></li>
</ul></body></html>`;
const PAGE2 = `<html><head><link rel="canonical" href="https://h5.demo.example.gov.cn/portal/more.html"><base href="../m/"></head><body>
  <li class="card" data-id="D1"><a href="https://h5.demo.example.gov.cn/portal/svc/detail?sid=1&amp;from=home"><b class="n">就业登记</b></a></li>
  <li class="card" data-id="D6"><a href="svc?sid=6"><b class="n">残疾人证</b></a></li>
</body></html>`;

beforeAll(() => {
  dir = tempDir();
  writeFileSync(join(dir, 'index.html'), PAGE1);
  writeFileSync(join(dir, 'more.html'), PAGE2);
  writeFileSync(join(dir, 'plain.html'), '<li class="card"><a href="a/b">甲</a></li>');
});

const FIELDS = { 部门: 'a@data-dept', 访问: '.pv|@data-visits', 访问属性: '@data-visits', 编号: '@data-id' };

describe('html: attributes, own address, placeholders, several pages', () => {
  it('reads fields from attributes (on the card or inside it) and keeps numbers as written', async () => {
    const r = await read(htmlAdapter, { pages: [{ file: 'index.html', items: 'li.card', label: '.n', fields: FIELDS }] }, dir);
    expect(r.of('services').filter((s) => !s.data['_notAService']).map((s) => s.data)).toEqual([
      { 名称: '就业登记', 链接: 'https://h5.demo.example.gov.cn/portal/svc/detail?sid=1&from=home', 部门: '示范区人社局', 访问: '月访问 4,731次', 访问属性: '120', 编号: 'D1' },
      { 名称: '医保转移', 链接: 'https://h5.demo.example.gov.cn/portal/svc/detail?sid=2', 部门: '示范区医保局', 访问: '1.2万', 访问属性: '', 编号: 'D2' },
    ]);
  });

  it("the saved-from address is the page's base and an app-level entry point; placeholder cards are not-a-service records, not entry points", async () => {
    const r = await read(htmlAdapter, { pages: [{ file: 'index.html', items: 'li.card', label: '.n', fields: FIELDS, entryPoints: [{ path: 'img.qr@data-url', kind: 'qrcode' }] }] }, dir);
    expect(r.of('entryPoints').map((e) => [e.data.kind, e.data.address, e.data.serviceKey ?? ''])).toEqual([
      ['web', 'https://h5.demo.example.gov.cn/portal/index.html', ''],
      ['web', 'https://h5.demo.example.gov.cn/portal/svc/detail?sid=1&from=home', '就业登记'],
      ['qrcode', 'https://h5.demo.example.gov.cn/qr/1', '就业登记'],
      ['web', 'https://h5.demo.example.gov.cn/portal/svc/detail?sid=2', '医保转移'],
    ]);
    expect(r.of('entryPoints')[0]!.data.label).toBe('示范区 掌上办');
    expect(r.quarantined).toEqual([]);
    // each placeholder card is a record marked _notAService (decide retires it with the reason),
    // keeping what a person needs to tell which service it was
    const marked = r.of('services').filter((s) => s.data['_notAService']);
    expect(marked.map((s) => [s.locator, s.data['_notAService']])).toEqual([
      ['index.html#li.card[2]', 'placeholder card: a "#" link'],
      ['index.html#li.card[3]', 'placeholder card: marked "即将上线"'],
      ['index.html#li.card[4]', 'placeholder card: a "javascript:;" link'],
    ]);
    expect(marked[0]!.data).toMatchObject({ 名称: '智慧停车', 链接: '#', 部门: '示范区城管局', 编号: 'D3' });
  });

  it('several pages per config: a canonical link and a relative <base> resolve links; a service on two pages is one', async () => {
    const r = await read(htmlAdapter, { pages: [{ file: ['index.html', 'more.html'], items: 'li.card', label: '.n', key: '@data-id' }] }, dir);
    expect(r.of('services').filter((s) => !s.data['_notAService']).map((s) => s.key)).toEqual(['D1', 'D2', 'D6']);
    expect(r.byKey('services', 'D6')!.data['链接']).toBe('https://h5.demo.example.gov.cn/m/svc?sid=6');
    expect(r.of('entryPoints').filter((e) => !e.data.serviceKey).map((e) => e.data.address)).toEqual([
      'https://h5.demo.example.gov.cn/portal/index.html',
      'https://h5.demo.example.gov.cn/portal/more.html',
    ]);
    expect(r.byKey('services', 'D6')!.locator).toBe('more.html#li.card[1]');
  });

  it('a configured baseUrl wins; pageUrl names a page with no address of its own; pageEntryPoint: false leaves it out', async () => {
    const a = await read(htmlAdapter, { pages: [{ file: 'index.html', items: 'li.card', label: '.n', baseUrl: 'https://mirror.example.gov.cn/x/' }] }, dir);
    expect(a.byKey('services', '就业登记')!.data['链接']).toBe('https://mirror.example.gov.cn/x/svc/detail?sid=1&from=home');
    const b = await read(htmlAdapter, { pages: [{ file: 'plain.html', items: 'li.card', pageUrl: 'https://p.example.gov.cn/h5/' }] }, dir);
    expect(b.of('entryPoints').map((e) => e.data.address)).toEqual(['https://p.example.gov.cn/h5/', 'https://p.example.gov.cn/h5/a/b']);
    const c = await read(htmlAdapter, { pages: [{ file: 'index.html', items: 'li.card', pageEntryPoint: false }] }, dir);
    expect(c.of('entryPoints').some((e) => !e.data.serviceKey)).toBe(false);
  });

  it('two cards sharing one link with the key on the address: two services that both claim it (the later keyed address#label)', async () => {
    writeFileSync(join(dir, 'shared.html'), '<li class="c"><a href="https://s.example.gov.cn/x">低保</a></li><li class="c"><a href="https://s.example.gov.cn/x">特困</a></li><li class="c"><a href="https://s.example.gov.cn/x">低保</a></li>');
    const r = await read(htmlAdapter, { pages: [{ file: 'shared.html', items: 'li.c', key: 'address' }] }, dir);
    expect(r.of('services').map((s) => s.key)).toEqual(['https://s.example.gov.cn/x', 'https://s.example.gov.cn/x#特困']);
    expect(r.of('entryPoints').map((e) => [e.data.address, e.data.serviceKey])).toEqual([
      ['https://s.example.gov.cn/x', 'https://s.example.gov.cn/x'],
      ['https://s.example.gov.cn/x', 'https://s.example.gov.cn/x#特困'],
    ]);
    expect(r.quarantined).toEqual([]);
  });

  it('bad paths are config errors', () => {
    expect(htmlAdapter.spec.safeParse({ pages: [{ file: 'a.html', items: 'li', fields: { x: 'a@' } }] }).success).toBe(false);
    expect(htmlAdapter.spec.safeParse({ pages: [{ file: 'a.html', items: 'li', label: '.n|' }] }).success).toBe(false);
  });
});
