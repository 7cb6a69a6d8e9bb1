// The map stage with its worker thread writes exactly what it writes on one thread: the same
// services (rows, order, hashes, JSON), quarantine, marks and events, on a first run, a run with
// changed and removed records, and the same error (and nothing written) for a record that breaks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { mapApps } from '../../src/map/stage.js';
import { mapStats } from '../../src/map/mapper.js';
import { tempDir } from '../helpers/cli.js';

const YAML = `
programme: test
province: "32"
unifiedApp: { name: 苏服办, serviceUrl: "https://sfb.example.cn/s/{catalogCode}", noticeUrl: "https://sfb.example.cn/n/{appId}", allowlist: [sfb.example.cn] }
apps:
  - { id: big, name: 大, division: "320509", source: { adapter: spreadsheet, config: { files: [ { path: s.csv, key: 编号, entryPoints: [ { column: H5地址 } ] } ] } }, profile: p.yaml }
  - { id: small, name: 小, division: "320481", source: { adapter: spreadsheet, config: { files: [ { path: s.csv, key: 编号 } ] } }, profile: p.yaml }
`;
const PROFILE = `
fields:
  name: 事项名称
  localCode: 编号
  agency.name: 实施主体
  agency.code: { from: [实施主体编码] }
  promisedLimit: { from: [承诺时限] }
  catalogCode: { from: [基本编码], match: '^[0-9A-Z]{6,}$' }
  fee: 是否收费
ignore: [序号]
`;
// many pages of 100: pages go to the worker and are mapped on the main thread too
const N = 1500;
const LIMITS = ['5个工作日', '即办', '20天', '三个月', '', '承诺 7 日'];
const CODES = ['91320509MA1XXXXX0X', '11320509014123456Y', '12345', ''];

function record(i: number, version: number): Record<string, unknown> {
  const d: Record<string, unknown> = { 序号: String(i), 编号: `K${i}`, 事项名称: i % 613 === 7 ? ' ' : `事项${i}${version > 1 && i % 5 === 0 ? '（改）' : ''}` };
  if (i % 3) d['实施主体'] = `部门${i % 17}`;
  if (i % 7 === 0) d['实施主体编码'] = CODES[i % CODES.length];
  d['承诺时限'] = LIMITS[i % LIMITS.length];
  if (i % 11 === 0) d['基本编码'] = i % 2 ? `B${String(i).padStart(6, '0')}` : 'bad code';
  if (i % 13 === 0) d['是否收费'] = i % 2 ? '是' : '否';
  if (i % 19 === 0) d[`自定义${i % 4}`] = `值${i}`;
  if (i % 23 === 0) d['H5地址'] = `https://old.example.cn/${i}`;
  return d;
}

function writeRecords(s: Store, version: number): void {
  s.tx(() => {
    for (let i = 0; i < N; i++) {
      if (version > 1 && i % 97 === 0) continue; // removed in version 2
      const appId = i % 10 === 9 ? 'small' : 'big';
      const data = record(i, version);
      s.raw.upsert({ appId, stream: 'services', key: `K${i}`, locator: `s.csv!R${i + 2}`, data, contentHash: JSON.stringify(data) });
      if (i % 23 === 0 && version === 1) {
        s.entryPoints.upsert({ id: `${appId}-ep-${i}`, appId, kind: 'web', address: `https://old.example.cn/${i}`, serviceKey: `K${i}`, locator: `s.csv!R${i + 2}/H5地址` });
      }
    }
    if (version > 1) for (let i = 0; i < N; i += 97) s.raw.remove(i % 10 === 9 ? 'small' : 'big', 'services', `K${i}`);
  });
}

/** everything map wrote, times left out */
function written(s: Store): unknown {
  const db = (s as unknown as { db: Database.Database }).db;
  const untimed = (t: unknown) => (typeof t === 'string' ? t.replace(/"(at|extractedAt)":"[^"]*"/g, '') : t);
  const rows = (sql: string) => (db.prepare(sql).raw().all() as unknown[][]).map((r) => r.map(untimed));
  return {
    services: rows('SELECT id, app_id, name, content_hash, has_errors, data, typeof(data) FROM services ORDER BY rowid'),
    quarantine: rows('SELECT app_id, stage, stream, locator, reason, field, data FROM quarantine ORDER BY id'),
    marks: rows("SELECT key, value FROM meta WHERE key LIKE 'map.%' ORDER BY key"),
    events: rows("SELECT actor, action, entity, summary, details FROM events WHERE action = 'map' ORDER BY id"),
  };
}

const stores: Store[] = [];
const saved = process.env.YIMEN_THREADS;
beforeEach(() => {
  // a worker may start whatever the machine's cores
  process.env.YIMEN_THREADS = '2';
});
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  if (saved === undefined) delete process.env.YIMEN_THREADS;
  else process.env.YIMEN_THREADS = saved;
});

async function workspace() {
  const dir = tempDir();
  writeFileSync(join(dir, 'yimen.yaml'), YAML);
  writeFileSync(join(dir, 's.csv'), '编号\n');
  writeFileSync(join(dir, 'p.yaml'), PROFILE);
  return loadWorkspace(dir);
}

/** a store of its own in the workspace (the profile's name, in marks and events, is then the same), with the records */
function storeIn(ws: Awaited<ReturnType<typeof workspace>>, name: string): Store {
  const store = openSqliteStore(join(ws.root, `${name}.db`));
  stores.push(store);
  writeRecords(store, 1);
  return store;
}

/** a map run on one thread (YIMEN_THREADS=1) or with the worker forced on for the big app */
async function run(threads: 1 | 2, ws: Awaited<ReturnType<typeof workspace>>, store: Store) {
  process.env.YIMEN_THREADS = String(threads);
  return mapApps(ws, store, { actor: 't', workerMinRecords: 500, awaitWorker: true, pageSize: 100 });
}

describe('map with a worker thread', () => {
  it('writes what one thread writes: first run, then changed and removed records', async () => {
    const ws = await workspace();
    const one = { ws, store: storeIn(ws, 'one') };
    const two = { ws, store: storeIn(ws, 'two') };
    const a1 = await run(1, one.ws, one.store);
    const byWorker = mapStats.byWorker;
    const a2 = await run(2, two.ws, two.store);
    // the worker read and mapped pages itself (through its own read-only connection), the main thread some too
    expect(mapStats.byWorker).toBeGreaterThan(byWorker);
    expect(mapStats.workerFailed).toBe(0);
    expect(a2).toEqual(a1);
    expect(a1.totals).toMatchObject({ records: N, quarantined: 3 });
    expect(a1.totals.invalid).toBeGreaterThan(0);
    expect(written(two.store)).toEqual(written(one.store));
    // the JSON handed over as bytes is stored as text
    expect((written(one.store) as { services: unknown[][] }).services.every((r) => r[6] === 'text' && typeof r[5] === 'string')).toBe(true);

    writeRecords(one.store, 2);
    writeRecords(two.store, 2);
    const b1 = await run(1, one.ws, one.store);
    const b2 = await run(2, two.ws, two.store);
    expect(b2).toEqual(b1);
    expect(b1.totals.changed).toBeGreaterThan(0);
    expect(b1.totals.removed).toBeGreaterThan(0);
    expect(written(two.store)).toEqual(written(one.store));
  }, 60_000);

  it('reads through no other connection while the records are not committed (inside a staged run)', async () => {
    const ws = await workspace();
    const one = storeIn(ws, 'one');
    writeRecords(one, 2);
    await run(1, ws, one);
    const staged = storeIn(ws, 'staged');
    const run2 = staged.stage();
    // version 2 of the records, written in the open transaction: another connection would read version 1
    writeRecords(staged, 2);
    expect(staged.raw.committedPath()).toBeUndefined();
    const pages = mapStats.pages;
    const byWorker = mapStats.byWorker;
    await run(2, ws, staged);
    run2.commit();
    expect(staged.raw.committedPath()).toBe(join(ws.root, 'staged.db'));
    expect(mapStats.pages).toBeGreaterThan(pages);
    expect(mapStats.byWorker).toBe(byWorker);
    expect(written(staged)).toEqual(written(one));
  }, 60_000);

  it('throws the one-thread error for a record that breaks, and writes nothing of the app', async () => {
    const results: Array<{ message: string; name: string; services: number }> = [];
    const ws = await workspace();
    for (const threads of [1, 2] as const) {
      const store = storeIn(ws, `t${threads}`);
      const db = (store as unknown as { db: Database.Database }).db;
      db.prepare("UPDATE raw_rows SET data = '{\"事项名称\": ' WHERE stream_id = (SELECT id FROM raw_streams WHERE app_id = 'big') AND key = 'K1000'").run();
      const e = (await run(threads, ws, store).catch((x: unknown) => x)) as Error;
      expect(e).toBeInstanceOf(Error);
      results.push({ message: e.message, name: e.name, services: store.services.count('big') });
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]!.services).toBe(0);
  }, 60_000);
});
