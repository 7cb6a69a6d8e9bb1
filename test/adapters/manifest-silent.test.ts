// manifest: menus read wrongly without a word — an item's own mini-program appId ignored, a
// mini-program path taken for an appId, long numeric ids rounded, leading zeros dropped, a GBK
// export garbled, a key repeated in another file overwriting a different service.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { manifestAdapter } from '../../adapters/manifest/index.js';
import { read } from './helpers.js';
import { tempDir } from '../helpers/cli.js';

let dir: string;
const json = (name: string, v: unknown) => writeFileSync(join(dir, name), typeof v === 'string' ? v : JSON.stringify(v, null, 1));
const eps = (r: Awaited<ReturnType<typeof read>>) => r.of('entryPoints').map((e) => [e.data.kind, e.data.address, e.data.serviceKey ?? '']);

beforeAll(() => {
  dir = tempDir();
});

describe('manifest: mini-program appIds at every level', () => {
  it("an item's or its group's own appId is the mini-program its page belongs to, not the file's", async () => {
    json('menu-appid.json', {
      appId: 'wx1111111111111111',
      menus: [
        { name: '第三方服务', appId: 'wx2222222222222222', children: [{ id: 'A', name: '公交查询', path: 'pages/bus/index' }] },
        { id: 'B', name: '电费缴纳', appId: 'wx3333333333333333', path: '/pages/fee/index?id=1' },
        { id: 'C', name: '水费缴纳', type: 'miniprogram', appid: 'wx4444444444444444', pagePath: 'pages/w/index' },
        { id: 'D', name: '本地事项', path: 'pages/local/index' },
      ],
    });
    const r = await read(manifestAdapter, { files: [{ path: 'menu-appid.json' }] }, dir);
    expect(eps(r)).toEqual([
      ['miniprogram', 'wx2222222222222222:pages/bus/index', 'A'],
      ['miniprogram', 'wx3333333333333333:pages/fee/index?id=1', 'B'],
      ['miniprogram', 'wx4444444444444444:pages/w/index', 'C'],
      ['miniprogram', 'wx1111111111111111:pages/local/index', 'D'],
    ]);
    // a file that names no appId: the item's own is enough
    json('menu-appid-item.json', { menus: [{ id: 'B', name: '电费缴纳', appId: 'wx3333333333333333', path: 'pages/fee/index?id=1' }] });
    const alone = await read(manifestAdapter, { files: [{ path: 'menu-appid-item.json' }] }, dir);
    expect(eps(alone)).toEqual([['miniprogram', 'wx3333333333333333:pages/fee/index?id=1', 'B']]);
  });

  it('a mini-program given as a page path (no appId) is that page of the app\'s mini-program; a flag (miniProgram: true) is no address', async () => {
    json('menu-mp.json', {
      appId: 'wx1111111111111111',
      menus: [
        { id: 'A', name: '甲', miniprogram: 'pages/a/index?id=1' },
        { id: 'B', name: '乙', miniprogram: '/pages/b/index' },
        { id: 'C', name: '丙', miniProgram: true, url: 'https://x.gov.cn/c' },
        { id: 'E', name: '戊', miniprogram: 'wx6666666666666666:pages/e/index?a=b:c' },
      ],
    });
    const r = await read(manifestAdapter, { files: [{ path: 'menu-mp.json' }] }, dir);
    expect(eps(r)).toEqual([
      ['miniprogram', 'wx1111111111111111:pages/a/index?id=1', 'A'],
      ['miniprogram', 'wx1111111111111111:/pages/b/index', 'B'],
      ['web', 'https://x.gov.cn/c', 'C'],
      ['miniprogram', 'wx6666666666666666:pages/e/index?a=b:c', 'E'],
    ]);
  });
});

describe('manifest: numbers as written', () => {
  it('a JSON id beyond 2^53 (a Java Long) keeps its digits: no rounding, no false duplicate', async () => {
    json('long-ids.json', '{"appId":"wx1111111111111111","menus":[{"id":1428374659283746817,"name":"甲","sort":2},{"id":1428374659283746818,"name":"乙","visits":4731}]}');
    const r = await read(manifestAdapter, { files: [{ path: 'long-ids.json' }] }, dir);
    expect(r.of('services').map((s) => s.key)).toEqual(['1428374659283746817', '1428374659283746818']);
    expect(r.quarantined).toEqual([]);
    // small numbers stay numbers
    expect(r.of('services')[1]!.data['visits']).toBe(4731);
  });

  it('a YAML id with leading zeros or beyond 2^53 keeps its text, so it still matches a key written "007" elsewhere', async () => {
    writeFileSync(
      join(dir, 'ids.yaml'),
      'menus:\n  - id: 007\n    name: 甲\n  - id: 1428374659283746817\n    name: 乙\n  - id: 12\n    name: 丙\nqrcodes:\n  - { url: "https://x.gov.cn/qr", serviceKey: "007" }\n',
    );
    const r = await read(manifestAdapter, { files: [{ path: 'ids.yaml' }] }, dir);
    expect(r.of('services').map((s) => s.key)).toEqual(['007', '1428374659283746817', '12']);
    expect(r.of('services')[2]!.data['id']).toBe(12);
  });
});

describe('manifest: encodings', () => {
  it('a GBK (or UTF-16) export is decoded, not read as UTF-8 with U+FFFD in every name', async () => {
    const doc = { menus: [{ id: 'A', name: '社保查询', url: 'https://x.gov.cn/a' }] };
    writeFileSync(join(dir, 'gbk.json'), iconv.encode(JSON.stringify(doc), 'gbk'));
    writeFileSync(join(dir, 'gbk.yaml'), iconv.encode('menus:\n  - id: A\n    name: 社保查询\n', 'gbk'));
    writeFileSync(join(dir, 'utf16.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(JSON.stringify(doc), 'utf16le')]));
    for (const path of ['gbk.json', 'gbk.yaml', 'utf16.json']) {
      const r = await read(manifestAdapter, { files: [{ path }] }, dir);
      expect(r.of('services').map((s) => s.data['名称'])).toEqual(['社保查询']);
    }
  });
});

describe('manifest: keys across files', () => {
  it('a key another file gave a different service is quarantined, not stored over it; the same service in two menus is one', async () => {
    json('menu1.json', { menus: [{ id: 1, name: '社保查询' }, { id: 2, name: '医保缴费' }] });
    json('menu2.json', { menus: [{ id: 1, name: '公积金提取' }, { id: 2, name: '医保缴费', url: 'https://x.gov.cn/2' }] });
    const r = await read(manifestAdapter, { files: [{ path: 'menu1.json' }, { path: 'menu2.json' }] }, dir);
    expect(r.of('services').map((s) => [s.key, s.data['名称']])).toEqual([
      ['1', '社保查询'],
      ['2', '医保缴费'],
    ]);
    expect(r.quarantined).toEqual([expect.objectContaining({ locator: 'menu2.json#menus[0]', reason: expect.stringContaining('"社保查询" in menu1.json') })]);
    // the second menu's link of the same service still leads to it
    expect(eps(r)).toEqual([['web', 'https://x.gov.cn/2', '2']]);
  });
});
