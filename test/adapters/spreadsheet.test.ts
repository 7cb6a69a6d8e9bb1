import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { spreadsheetAdapter } from '../../adapters/spreadsheet/index.js';
import { combineHeader, excelSerialToDate, detectEncoding } from 'yimen/sdk';
import { fixtureDir, read } from './helpers.js';
import { tempDir } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await fixtureDir();
});

describe('spreadsheet: CSV and TSV', () => {
  for (const [file, label] of [
    ['services-gb18030.csv', 'GB18030'],
    ['services-bom.csv', 'UTF-8 with BOM'],
    ['services.tsv', 'TSV'],
  ] as const) {
    it(`reads ${label} with title rows above the header, keeping 4-byte characters`, async () => {
      const r = await read(spreadsheetAdapter, { files: [{ path: file, key: '事项编号', entryPoints: [{ column: 'H5地址', kind: 'web', label: '事项名称' }] }] }, dir);
      expect(r.of('services').map((x) => x.key)).toEqual(['WJ001', 'WJ002', 'WJ003', 'WJ004']);
      expect(r.byKey('services', 'WJ002')!.data['事项名称']).toBe('生育登记（䶮字测试）');
      expect(r.byKey('services', 'WJ003')!.data['事项名称']).toBe('𠮷祥社区证明开具');
      expect(Object.keys(r.byKey('services', 'WJ001')!.data)).toEqual(['事项编号', '事项名称', '实施主体', '承诺时限', 'H5地址']);
      expect(r.byKey('services', 'WJ001')!.locator).toBe(`${file}!R5`);
      // the row without a key is quarantined with its locator, not dropped
      expect(r.quarantined).toHaveLength(1);
      expect(r.quarantined[0]!.locator).toBe(`${file}!R8`);
      expect(r.quarantined[0]!.reason).toContain('empty key');
      const eps = r.of('entryPoints');
      expect(eps.map((e) => e.data.address)).toEqual(['https://wj.example.gov.cn/h5/wj001', '/h5/wj002', 'javascript:void(0)', 'https://wj.example.gov.cn/h5/wj004']);
      expect(eps[0]!.data).toMatchObject({ kind: 'web', label: '城乡居民养老保险参保登记', serviceKey: 'WJ001' });
    });
  }

  it('detects GB18030 and UTF-8', () => {
    expect(detectEncoding(iconv.encode('事项名称,编号', 'gb18030'))).toBe('gb18030');
    expect(detectEncoding(Buffer.from('事项名称,编号'))).toBe('utf8');
    // a sample cut in the middle of a UTF-8 character is still UTF-8
    expect(detectEncoding(Buffer.from('事项名称').subarray(0, 7))).toBe('utf8');
  });

  it('quarantines a row with more cells than the header, and a duplicate key', async () => {
    writeFileSync(join(dir, 'mess.csv'), '编号,名称\nA,一\nB,二,多余\nA,重复\n"C,未闭合\n');
    const r = await read(spreadsheetAdapter, { files: [{ path: 'mess.csv', key: '编号' }] }, dir);
    expect(r.of('services').map((x) => x.key)).toEqual(['A']);
    const reasons = r.quarantined.map((q) => `${q.locator} ${q.reason}`);
    expect(reasons[0]).toMatch(/mess\.csv!R3 3 cells but the header has 2/);
    expect(reasons[1]).toMatch(/mess\.csv!R4 duplicate key "A"/);
    expect(reasons[2]).toMatch(/mess\.csv!R\d+ unreadable CSV/);
  });

  it('fills down flattened merged cells and converts Excel date serials', async () => {
    writeFileSync(join(dir, 'fill.csv'), '部门,编号,日期\n民政局,A,45292\n,B,45293.5\n卫健委,C,不是日期\n');
    const r = await read(spreadsheetAdapter, { files: [{ path: 'fill.csv', key: '编号', fillDown: ['部门'], dates: ['日期'] }] }, dir);
    expect(r.of('services').map((x) => [x.data['部门'], x.data['日期']])).toEqual([
      ['民政局', '2024-01-01'],
      ['民政局', '2024-01-02'],
      ['卫健委', '不是日期'],
    ]);
    expect(excelSerialToDate(60)).toBe('1900-02-28'); // Excel's 1900-02-29 never was
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(0)).toBeUndefined();
  });

  it('reads an entry points file with configured columns', async () => {
    writeFileSync(join(dir, 'eps.csv'), '地址,类型,名称,事项编号,小程序\nhttps://wj.example/home,网页,首页,,\n,小程序,小程序办证,WJ001,wxabc\ntel:12345,网页,热线,,\n');
    const r = await read(
      spreadsheetAdapter,
      { files: [{ path: 'eps.csv', stream: 'entryPoints', key: '名称', columns: { address: '地址', kind: '类型', label: '名称', serviceKey: '事项编号', miniprogramAppId: '小程序' } }] },
      dir,
    );
    expect(r.of('entryPoints').map((x) => x.data)).toMatchObject([
      { kind: '网页', address: 'https://wj.example/home', label: '首页' },
      { kind: '小程序', address: 'wxabc:/', serviceKey: 'WJ001', miniprogram: { appId: 'wxabc', path: '/' } },
      { kind: '网页', address: 'tel:12345' },
    ]);
  });

  it('refuses a file over the size limit, clearly', async () => {
    const c = spreadsheetAdapter.spec.parse({ files: [{ path: 'services-bom.csv', key: '事项编号', maxBytes: 10 }] });
    const res = await spreadsheetAdapter.check(c, { root: dir, appId: 't', env: {}, log: { info() {}, warn() {} } });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toContain('over the limit');
  });
});

describe('spreadsheet: XLSX', () => {
  it('reads a two-row merged header, merged body cells, dates and hyperlinks, with real sheet names in locators', async () => {
    const r = await read(
      spreadsheetAdapter,
      { files: [{ path: 'services.xlsx', sheet: '事项清单', key: '事项编号', headerRows: 2, dates: ['上线日期'], entryPoints: [{ column: 'H5地址', kind: 'web', label: '事项名称' }] }] },
      dir,
    );
    expect(r.of('services').map((x) => x.key)).toEqual(['WJ101', 'WJ102', 'WJ103']);
    const a = r.byKey('services', 'WJ101')!;
    expect(Object.keys(a.data)).toEqual(['事项编号', '基本信息/事项名称', '实施主体', '办结时限/法定', '办结时限/承诺', '上线日期', 'H5地址']);
    expect(a.locator).toBe('services.xlsx#事项清单!R4');
    expect(a.data['上线日期']).toBe('2021-03-01');
    expect(r.byKey('services', 'WJ102')!.data['上线日期']).toBe('2024-01-01');
    // 实施主体 is merged over WJ101 and WJ102
    expect(r.byKey('services', 'WJ102')!.data['实施主体']).toBe('吴江区自然资源局');
    expect(r.quarantined.map((q) => q.locator)).toEqual(['services.xlsx#事项清单!R7']);
    // a hyperlink cell gives its URL, not its text
    expect(r.of('entryPoints').map((e) => e.data.address)).toEqual(['https://wj.example.gov.cn/h5/wj101', 'https://wj.example.gov.cn/h5/wj102', 'tel:12329']);
  });

  it('finds a multi-row header by itself and names the key by config', async () => {
    const r = await read(spreadsheetAdapter, { files: [{ path: 'services.xlsx', key: '事项编号', headerRows: 2 }] }, dir);
    expect(r.of('services').map((x) => x.key)).toEqual(['WJ101', 'WJ102', 'WJ103']);
  });

  it('reads several sheets, skipping one without a header when all are asked for', async () => {
    const r = await read(spreadsheetAdapter, { files: [{ path: 'services.xlsx', sheet: ['补充事项'], key: '事项编号' }, { path: 'services.xlsx', sheet: '*', key: '事项编号', headerRows: 1 }] }, dir);
    expect(r.byKey('services', 'WJ201')!.locator).toBe('services.xlsx#补充事项!R2');
    expect(r.logs.some((l) => l.includes('说明') && l.includes('skipped'))).toBe(true);
  });

  it('says which sheets exist when a named one does not', async () => {
    const c = spreadsheetAdapter.spec.parse({ files: [{ path: 'services.xlsx', sheet: '不存在', key: '事项编号' }] });
    const res = await spreadsheetAdapter.check(c, { root: dir, appId: 't', env: {}, log: { info() {}, warn() {} } });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toContain('事项清单, 补充事项, 说明');
  });

  it('combines header rows into distinct names', () => {
    expect(combineHeader([['基本信息', '基本信息', 'X'], ['编号', '名称', 'X']])).toEqual(['基本信息/编号', '基本信息/名称', 'X']);
    expect(combineHeader([['A', 'A', '']])).toEqual(['A', 'A#2', '']);
  });
});

describe('spreadsheet: check', () => {
  const ctx = () => ({ root: dir, appId: 't', env: {}, log: { info() {}, warn() {} } });
  it('passes when the header is there, and says what the file has when the key column is wrong', async () => {
    const good = spreadsheetAdapter.spec.parse({ files: [{ path: 'services-gb18030.csv', key: '事项编号' }, { path: 'services.xlsx', sheet: '事项清单', key: '事项编号', headerRows: 2 }] });
    expect(await spreadsheetAdapter.check(good, ctx())).toMatchObject({ ok: true });
    const bad = spreadsheetAdapter.spec.parse({ files: [{ path: 'services-gb18030.csv', key: '编号' }] });
    const res = await spreadsheetAdapter.check(bad, ctx());
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toContain('no header row with the key column "编号"');
    expect(!res.ok && res.reason).toContain('事项编号, 事项名称, 实施主体, 承诺时限, H5地址');
  });
});

describe('spreadsheet: mini-program page columns', () => {
  it('a page path column with the app appId becomes a mini-program entry point; an empty cell is simply absent', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'mp.csv'), '编号,名称,小程序页面,H5\nM1,甲,pages/a/index?id=1,\nM2,乙,,https://h5.example.gov.cn/b\nM3,丙,wx99887766aabb:pages/c,\n');
    const r = await read(spreadsheetAdapter, { files: [{ path: 'mp.csv', key: '编号', entryPoints: [{ column: '小程序页面', kind: 'miniprogram', appId: 'wx0011223344556677', label: '名称' }, { column: 'H5', kind: 'web' }] }] }, d);
    expect(r.of('services')).toHaveLength(3);
    expect(r.quarantined).toEqual([]);
    expect(r.of('entryPoints').map((e) => [e.data.kind, e.data.address, e.data.serviceKey])).toEqual([
      ['miniprogram', 'wx0011223344556677:pages/a/index?id=1', 'M1'],
      ['web', 'https://h5.example.gov.cn/b', 'M2'],
      ['miniprogram', 'wx99887766aabb:pages/c', 'M3'],
    ]);
    expect(r.of('entryPoints')[0]!.data.miniprogram).toEqual({ appId: 'wx0011223344556677', path: 'pages/a/index?id=1' });
  });
});
