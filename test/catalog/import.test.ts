import { describe, it, expect, afterEach } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { fixture, service, putServices, type Fixture } from '../fixtures/matching/workspace.js';
import { importCatalog, CATALOG_APP } from '../../src/catalog/import.js';
import { decideApps, recordPersonDecision } from '../../src/decide/index.js';
import { decisionsStale } from '../../src/status/index.js';
import { loadWorkspace } from '../../src/workspace/loader.js';

let f: Fixture | undefined;
afterEach(() => f?.store.close());

describe('importCatalog', () => {
  it('imports the CSV of catalog.source, then does nothing while it is unchanged', async () => {
    f = await fixture();
    const s = await importCatalog(f.ws, f.store, { actor: 'alice' });
    expect(s).toMatchObject({ changed: true, items: 10, added: 10, quarantined: 0 });
    expect(f.store.catalog.get('512C00533001')).toMatchObject({ name: '住房公积金提取（租房）', taskType: { code: '20', label: '公共服务' }, department: '区住建局' });
    const again = await importCatalog(f.ws, f.store, { actor: 'alice' });
    expect(again.changed).toBe(false);
    expect(f.store.events.list({ action: 'catalog.import' })).toHaveLength(1);
    expect(f.store.events.list({ action: 'catalog.import' })[0]!.actor).toBe('alice');
  });

  it('quarantines rows without code or name and duplicate codes, never drops them', async () => {
    f = await fixture();
    const file = join(f.dir, 'bad.csv');
    writeFileSync(file, '基本编码,事项名称\nX1,甲\n,乙\nX3,\nX1,丙\n');
    const s = await importCatalog(f.ws, f.store, { actor: 't', file });
    expect(s.items).toBe(1);
    expect(s.quarantined).toBe(3);
    const q = f.store.quarantine.list({ appId: CATALOG_APP });
    expect(q.map((r) => r.reason)).toEqual(['no code', 'no name', 'duplicate code X1 (first at bad.csv#L2)']);
    expect(q[0]!.locator).toBe('bad.csv#L3');
  });

  it('reads XLSX with a title row through a catalog profile, and JSON', async () => {
    f = await fixture();
    const wb = new ExcelJS.Workbook();
    const sh = wb.addWorksheet('目录');
    sh.addRow(['四川省政务服务事项目录（2025版）']);
    sh.addRow(['事项编码', '名称', '类型', '部门']);
    sh.addRow(['511A0138000000-511602000000-000-1', '居民身份证办理', '20', '区公安分局']);
    sh.addRow(['512C00533001-511602000000-000-1', '住房公积金提取（租房）', '行政许可', '区住建局']);
    await wb.xlsx.writeFile(join(f.dir, 'catalog', 'c.xlsx'));
    writeFileSync(join(f.dir, 'catalog', 'profile.yaml'), 'sheet: 目录\ncolumns: { code: 事项编码, name: 名称, taskType: 类型, department: 部门 }\ncodePattern: "^([^-]+)-"\n');
    writeFileSync(
      join(f.dir, 'yimen.yaml'),
      (await import('node:fs')).readFileSync(join(f.dir, 'yimen.yaml'), 'utf8').replace('catalog: { source: ./catalog/base-catalog.csv }', 'catalog: { source: ./catalog/c.xlsx, profile: ./catalog/profile.yaml }'),
    );
    const ws = await loadWorkspace(f.dir);
    const s = await importCatalog(ws, f.store, { actor: 't' });
    expect(s.items).toBe(2);
    expect(f.store.catalog.get('511A0138000000')).toMatchObject({ name: '居民身份证办理', taskType: { code: '20' } });
    expect(f.store.catalog.get('512C00533001')!.taskType).toMatchObject({ code: '01' });

    const json = join(f.dir, 'items.json');
    writeFileSync(json, JSON.stringify({ items: [{ code: 'J1', name: '失业登记', department: '人社局' }] }));
    const j = await importCatalog(ws, f.store, { actor: 't', file: json });
    expect(j).toMatchObject({ items: 1, removed: 2, added: 1 });
  });

  it('refuses a file with no recognisable header, with a hint', async () => {
    f = await fixture();
    const file = join(f.dir, 'x.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    await expect(importCatalog(f.ws, f.store, { actor: 't', file })).rejects.toThrow(/no header row/);
  });

  it('re-import replaces the catalog; decisions are stale until the decide stage re-checks them', async () => {
    f = await fixture();
    const { ws, store } = f;
    await importCatalog(ws, store, { actor: 't' });
    const a = service('alpha', 'k1', '社保参保登记');
    const b = service('alpha', 'k2', '失业登记');
    putServices(store, [a, b]);
    await decideApps(ws, store, { actor: 't' });
    expect(store.decisions.get(a.id)).toMatchObject({ action: 'merge', target: '512B00533007' });
    recordPersonDecision(ws, store, { actor: 'bob', serviceId: b.id, action: 'merge', to: '512B00533009', reason: 'same service' });
    expect(decisionsStale(store)).toBe(false);

    // the new catalog drops both items
    const file = join(f.dir, 'catalog', 'v2.csv');
    writeFileSync(file, '基本编码,事项名称\n511A01380000,居民身份证办理\n');
    const s = await importCatalog(ws, store, { actor: 't', file });
    expect(s.removed).toBe(9);
    // import alone does not decide: the old decisions stand, flagged stale
    expect(s.decisionsToRecheck).toBe(2);
    expect(store.decisions.get(a.id)).toMatchObject({ action: 'merge' });
    expect(decisionsStale(store)).toBe(true);
    const re = await decideApps(ws, store, { actor: 't' });
    expect(re.totals.changed).toBe(1);
    expect(store.decisions.get(a.id)).toMatchObject({ action: 'migrate' });
    // a person's decision is kept, and flagged because its target is gone
    expect(store.decisions.get(b.id)).toMatchObject({ action: 'merge', decidedBy: 'person', target: '512B00533009' });
    expect(s.orphanedPersonMerges).toEqual([b.id]);
    expect(decisionsStale(store)).toBe(false);
  });
});

describe('importCatalog --from-target', () => {
  it('reads GET /catalog/items page by page from the http target (yimen catalog serve)', async () => {
    const { startCatalogServer } = await import('../../src/catalog/server/index.js');
    const items = Array.from({ length: 2500 }, (_, i) => ({ code: `T${String(i).padStart(5, '0')}`, name: `事项${i}`, taskType: { label: '行政许可' } }));
    const srv = await startCatalogServer({ items, token: 'sekret' });
    try {
      f = await fixture(`target: { type: http, baseUrl: "${srv.url}", tokenEnv: YIMEN_TEST_CATALOG_TOKEN }`);
      process.env.YIMEN_TEST_CATALOG_TOKEN = 'sekret';
      const s = await importCatalog(f.ws, f.store, { actor: 't', fromTarget: true });
      expect(s).toMatchObject({ changed: true, items: 2500 });
      expect(f.store.catalog.get('T02499')).toMatchObject({ name: '事项2499', taskType: { code: '01' } });
      expect((await importCatalog(f.ws, f.store, { actor: 't', fromTarget: true })).changed).toBe(false);
      process.env.YIMEN_TEST_CATALOG_TOKEN = 'wrong';
      await expect(importCatalog(f.ws, f.store, { actor: 't', fromTarget: true })).rejects.toThrow(/401|token/i);
    } finally {
      delete process.env.YIMEN_TEST_CATALOG_TOKEN;
      await srv.close();
    }
  });

  it('refuses --from-target without an http target', async () => {
    f = await fixture();
    await expect(importCatalog(f.ws, f.store, { actor: 't', fromTarget: true })).rejects.toThrow(/target.type http/);
  });
});

// Exports as provinces hand them over: each of these was imported wrong without a word before.
describe('importCatalog: provincial exports', () => {
  const quarantined = () => f!.store.quarantine.list({ appId: CATALOG_APP }).map((q) => `${q.locator} ${q.reason}`);

  it('writes codes as services carry them: full-width, spaced and lower-case codes are one code', async () => {
    f = await fixture();
    const file = join(f.dir, 'w.csv');
    writeFileSync(file, '基本编码,事项名称\n５１１Ａ０１３８００００,居民身份证办理\n511a 0138 0001,居民身份证挂失申报\n511A01380001,居民身份证挂失\n');
    const s = await importCatalog(f.ws, f.store, { actor: 't', file });
    expect(f.store.catalog.list().map((i) => i.code)).toEqual(['511A01380000', '511A01380001']);
    expect(s.quarantined).toBe(1);
    expect(quarantined()).toEqual(['w.csv#L4 duplicate code 511A01380001 (first at w.csv#L3)']);
  });

  it('reads every sheet of a workbook that has the catalog header, skipping instructions', async () => {
    f = await fixture();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填报说明').addRow(['基本编码为12位，事项名称按权力清单填写']);
    const a = wb.addWorksheet('行政许可');
    a.addRow(['序号', '基本编码', '事项名称', '事项类型']);
    a.addRow([1, '511F33033003', '食品经营许可证核发', '行政许可']);
    const b = wb.addWorksheet('公共服务');
    b.addRow(['四川省公共服务事项目录']);
    b.addRow(['序号', '基本编码', '事项名称', '事项类型']);
    b.addRow([1, '512B00533009', '失业登记', '公共服务']);
    b.addRow([2, '511F33033003', '食品经营许可证核发', '公共服务']);
    // items taken out of the catalog, under the same header: said, not imported
    const c = wb.addWorksheet('已取消事项');
    c.addRow(['序号', '基本编码', '事项名称', '事项类型']);
    c.addRow([1, '511F33033099', '已取消的许可', '行政许可']);
    const file = join(f.dir, 'multi.xlsx');
    await wb.xlsx.writeFile(file);
    const s = await importCatalog(f.ws, f.store, { actor: 't', file });
    expect(s.items).toBe(2);
    expect(f.store.catalog.get('512B00533009')).toMatchObject({ name: '失业登记', taskType: { code: '20' } });
    expect(f.store.catalog.get('511F33033099')).toBeUndefined();
    expect(quarantined().sort()).toEqual([
      'multi.xlsx#公共服务!R4 duplicate code 511F33033003 (first at multi.xlsx#行政许可!R2)',
      expect.stringMatching(/^multi\.xlsx#已取消事项 sheet "已取消事项" reads as items taken out of the catalog/),
    ]);
  });

  it('takes each field from one column: a blank 基本编码 is no code, not the 事项编码 beside it', async () => {
    f = await fixture();
    const file = join(f.dir, 'two.csv');
    writeFileSync(file, '事项编码,基本编码,事项名称\n11510000MB0000000X-511602000000-000-1,511A01380000,居民身份证办理\n11510000MB0000000X-511602000000-000-2,,居民身份证挂失申报\n');
    const s = await importCatalog(f.ws, f.store, { actor: 't', file });
    expect(f.store.catalog.list().map((i) => i.code)).toEqual(['511A01380000']);
    expect(s.quarantined).toBe(1);
    expect(quarantined()).toEqual(['two.csv#L3 no code']);
  });

  it('skips a header repeated in the body (pages pasted together) instead of making it an item', async () => {
    f = await fixture();
    const file = join(f.dir, 'rep.csv');
    writeFileSync(file, '基本编码,事项名称\n511A01380000,居民身份证办理\n基本编码,事项名称\n512B00533009,失业登记\n');
    const s = await importCatalog(f.ws, f.store, { actor: 't', file });
    expect(f.store.catalog.list().map((i) => i.code)).toEqual(['511A01380000', '512B00533009']);
    expect(s.quarantined).toBe(0);
  });

  it('quarantines codes that lost digits to a number column: scientific notation, leading zeros', async () => {
    f = await fixture();
    const file = join(f.dir, 'num.csv');
    writeFileSync(file, '基本编码,事项名称\n000172014000,居民身份证办理\n172014001,居民身份证挂失申报\n5.11602E+11,失业登记\n511A01380000,社会保险参保登记\n512B00533008,医疗保障参保信息查询\n');
    const s = await importCatalog(f.ws, f.store, { actor: 't', file });
    expect(f.store.catalog.list().map((i) => i.code)).toEqual(['000172014000', '511A01380000', '512B00533008']);
    expect(s.quarantined).toBe(2);
    const q = quarantined();
    expect(q[0]).toMatch(/^num\.csv#L3 code 172014001 has 9 digits where this catalog's codes have 12: leading zeros lost/);
    expect(q[1]).toMatch(/^num\.csv#L4 code 5\.11602E\+11 is in scientific notation/);
  });

  it('quarantines a row that does not fit the header, and imports the rest', async () => {
    f = await fixture();
    const file = join(f.dir, 'shape.csv');
    writeFileSync(file, '基本编码,事项名称,实施部门\n511A01380000,居民身份证办理,区公安分局\n512B00533009,失业登记,区人社局,多出来的\n512B00533007,社会保险参保登记,区人社局\n');
    const s = await importCatalog(f.ws, f.store, { actor: 't', file });
    expect(f.store.catalog.list().map((i) => i.code)).toEqual(['511A01380000', '512B00533007']);
    expect(s.quarantined).toBe(1);
    expect(quarantined()[0]).toMatch(/^shape\.csv#L3 4 cells but the header has 3/);
  });
});
