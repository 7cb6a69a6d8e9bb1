// Migration 20 (narrow raw rows): a store made by the old schema opens, migrates, and gives the same
// records, keys, locators, hashes, time stamps and order through every reader; new writes beside the
// migrated rows; the stream ids a rolled-back transaction took are not reused by mistake.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { hashParam, hashText, LAST_SEEN } from '../../src/store/raw-form.js';
import type { RawRecordInput, Store } from '../../src/store/store.js';
import { contentHash } from '../../src/sdk/index.js';
import { tempDir } from '../helpers/cli.js';

/** a store as migration 19 left it (the raw table of migrations 1, 16 and 17) */
function oldStore(path: string): Database.Database {
  const db = new Database(path);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, at TEXT NOT NULL)');
  for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
    if (m.version >= 20) continue;
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 'then');
  }
  db.pragma('user_version = 19');
  return db;
}

// the old schema's readers, as the store ran them before migration 20
const OLD_JOINED = `CASE WHEN shape IS NULL THEN data ELSE (SELECT keys FROM raw_shapes WHERE id = shape) || char(1) || data END`;
const OLD_PAGE_ROWS = `SELECT CASE WHEN key = '' OR instr(key || locator || content_hash || last_seen, char(0)) > 0 THEN NULL
  ELSE key || char(0) || locator || char(0) || content_hash || char(0) || ${LAST_SEEN} || char(0) || ${OLD_JOINED} END
  FROM raw_records WHERE app_id = ? AND stream = ? ORDER BY rowid`;
const OLD_HASHES = 'SELECT key || char(0) || locator || char(0) || content_hash FROM raw_records WHERE app_id = ? AND stream = ? ORDER BY rowid';
const COLUMNS = 'rowid, app_id, stream, key, locator, content_hash, data, first_seen, last_seen, shape, seen_at, changed_at';

const SHAPE_KEYS = JSON.stringify(['名称', '编号']);
const SHAPE_ID = 123456789;

/** old rows of every form, two apps' streams interleaved (rowid order is what map reads) */
function fill(db: Database.Database): void {
  db.prepare('INSERT INTO raw_shapes(id, keys) VALUES (?, ?)').run(SHAPE_ID, SHAPE_KEYS);
  const ins = db.prepare(
    'INSERT INTO raw_records(app_id, stream, key, locator, content_hash, data, first_seen, last_seen, shape, seen_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (let i = 0; i < 30; i++) {
    const app = i % 3 === 0 ? 'b' : 'a';
    const stream = i % 5 === 0 ? 'entryPoints' : 'services';
    const data = { 名称: `事项${i}`, 编号: String(i) };
    // migration 16 and 17's compact rows; rows from before them as their JSON object with ISO texts
    if (i % 4 === 0) ins.run(app, stream, `K${i}`, `f.csv!R${i}`, contentHash(data), JSON.stringify(data), '2025-01-02T03:04:05.678Z', `2025-02-0${(i % 9) + 1}T00:00:00.000Z`, null, null, null);
    else ins.run(app, stream, `K${i}`, `f.csv!R${i}`, contentHash(data), JSON.stringify([data.名称, data.编号]), '', '', SHAPE_ID, 1_700_000_000_000 + i, i % 3 ? null : 1_700_000_100_000 + i);
  }
  // hashes that are not 40 lowercase hex digits stay texts (bench/map/map-only.ts stores the key)
  ins.run('a', 'services', 'odd1', 'x!1', 'h1', '{"名称":"甲"}', '', '', null, 1, null);
  ins.run('a', 'services', 'odd2', 'x!2', contentHash({ 名称: '乙' }).toUpperCase(), '{"名称":"乙"}', '', '', null, 2, null);
  ins.run('a', 'services', 'odd3', 'x!3', `${contentHash({})}0`, '{}', '', '', null, 3, null);
  // a NUL in a locator (pageRows' JSON form) and a stream with state only
  ins.run('b', 'services', 'nul', 'x\u0000y', contentHash({ a: 1 }), '{"a":1}', '', '', null, 4, 5);
  db.prepare("INSERT INTO extract_state(app_id, stream, state, updated_at) VALUES ('b', 'later', '{\"page\":3}', 't')").run();
}

const input = (key: string, data: Record<string, unknown>, stream = 'services'): RawRecordInput => ({ appId: 'a', stream, key, locator: `n!${key}`, data, contentHash: contentHash(data) });

describe('migration 20: narrow raw rows', () => {
  it('migrates an old store: every reader gives the same records, keys, locators, hashes and order', () => {
    const path = join(tempDir(), 'state.db');
    const db = oldStore(path);
    fill(db);
    const before = db.prepare(`SELECT ${COLUMNS} FROM raw_records ORDER BY rowid`).all();
    const streams = [
      ['a', 'services'],
      ['a', 'entryPoints'],
      ['b', 'services'],
      ['b', 'entryPoints'],
    ] as const;
    const pages = streams.map(([a, s]) => db.prepare(OLD_PAGE_ROWS).pluck().all(a, s));
    const hashes = streams.map(([a, s]) => db.prepare(OLD_HASHES).pluck().all(a, s));
    const counts = streams.map(([a, s]) => db.prepare('SELECT count(*) FROM raw_records WHERE app_id = ? AND stream = ?').pluck().get(a, s));
    db.close();

    const store = openSqliteStore(path);
    try {
      const raw = (store as unknown as { db: Database.Database }).db;
      // the table is rebuilt: texts of app and stream once, the hashes as 20 bytes where they are hex
      expect(raw.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'raw_records' AND type = 'view'").pluck().get()).toBe(1);
      expect(raw.prepare('SELECT count(*) FROM raw_streams').pluck().get()).toBe(4);
      expect(raw.prepare("SELECT typeof(hash), count(*) FROM raw_rows GROUP BY 1 ORDER BY 1").raw().all()).toEqual([
        ['blob', 31],
        ['text', 3],
      ]);
      // the old table's columns, read through the view, are the same rows with the same rowids
      expect(raw.prepare(`SELECT ${COLUMNS} FROM raw_records ORDER BY rowid`).all()).toEqual(before);
      streams.forEach(([a, s], i) => {
        expect(store.raw.rowids(a, s).length).toBe(counts[i]);
        expect(store.raw.count(a, s)).toBe(counts[i]);
        expect(store.raw.hashes(a, s)).toEqual(hashes[i]);
        const rows = store.raw.pageRows(store.raw.rowids(a, s));
        // a row with a NUL in it comes as JSON, as before (the old SQL gave NULL for it)
        expect(rows.map((r, j) => (pages[i]![j] === null ? r.startsWith('\u0000') : r))).toEqual(pages[i]!.map((p) => p ?? true));
      });
      // the records as list and page rebuild them, against the old rows
      const old = before as Array<Record<string, string | number | null>>;
      const listed = [...store.raw.list('a', 'services')];
      expect(listed.map((r) => [r.key, r.locator, r.contentHash])).toEqual(old.filter((r) => r.app_id === 'a' && r.stream === 'services').map((r) => [r.key, r.locator, r.content_hash]));
      expect(listed.find((r) => r.key === 'K1')).toEqual({
        appId: 'a',
        stream: 'services',
        key: 'K1',
        locator: 'f.csv!R1',
        contentHash: contentHash({ 名称: '事项1', 编号: '1' }),
        data: { 名称: '事项1', 编号: '1' },
        firstSeen: new Date(1_700_000_000_001).toISOString(),
        lastSeen: new Date(1_700_000_000_001).toISOString(),
      });
      expect(listed.find((r) => r.key === 'K4')).toMatchObject({ firstSeen: '2025-01-02T03:04:05.678Z', lastSeen: '2025-02-05T00:00:00.000Z', data: { 名称: '事项4', 编号: '4' } });
      expect(store.raw.page('a', 'services', undefined, 1000).rows).toEqual(listed);
      const all = [...store.raw.list('b')];
      expect(all.map((r) => `${r.stream}/${r.key}`)).toEqual(old.filter((r) => r.app_id === 'b').map((r) => `${r.stream}/${r.key}`).sort());
      expect(store.raw.streams('b').sort()).toEqual(['entryPoints', 'later', 'services']);
      expect(store.status.byApp('t').find((c) => c.appId === 'a')?.rawServices).toBe(counts[0]);
      // the old rows upsert as they did: same hash unchanged, another changed, and the odd hashes kept exactly
      expect(store.raw.upsert({ ...input('K1', { 名称: '事项1', 编号: '1' }), locator: 'f.csv!R1' })).toBe('unchanged');
      expect(store.raw.upsert({ appId: 'a', stream: 'services', key: 'odd1', locator: 'x!1', data: { 名称: '甲' }, contentHash: 'h1' })).toBe('unchanged');
      expect(store.raw.upsert({ appId: 'a', stream: 'services', key: 'odd2', locator: 'x!2', data: { 名称: '乙' }, contentHash: contentHash({ 名称: '乙' }) })).toBe('changed');
      expect(store.raw.upsert(input('K2', { 名称: '改', 编号: '2' }))).toBe('changed');
      expect(store.raw.upsert(input('new', { 名称: '新' }))).toBe('new');
      expect(store.raw.insertNew([input('new2', { 名称: '新2' }, 'fresh')])).toEqual([]);
      expect(store.raw.count('a')).toBe(old.filter((r) => r.app_id === 'a').length + 2);
      const after = [...store.raw.list('a', 'services')];
      expect(after.at(-1)).toMatchObject({ key: 'new', data: { 名称: '新' }, contentHash: contentHash({ 名称: '新' }) });
      expect(after.find((r) => r.key === 'K2')?.firstSeen).toBe(new Date(1_700_000_000_002).toISOString());
      // the sweep's reads and removal
      expect([...store.raw.keys('b', 'entryPoints')].sort()).toEqual(['K0', 'K15']);
      store.raw.remove('b', 'entryPoints', 'K0');
      expect([...store.raw.keys('b', 'entryPoints')]).toEqual(['K15']);
      // a stream never stored reads as empty
      expect(store.raw.hashes('z', 's')).toEqual([]);
      expect(store.raw.count('z', 's')).toBe(0);
      expect(store.raw.rowids('z', 's')).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('keeps a hash exactly: 40 lowercase hex digits as 20 bytes, anything else as text', () => {
    for (const h of [contentHash({ a: 1 }), 'h1', '', contentHash({}).toUpperCase(), `${contentHash({})}0`, 'g'.repeat(40), '中'.repeat(40)]) {
      const p = hashParam(h);
      expect(hashText(p)).toBe(h);
      expect(typeof p === 'string').toBe(!/^[0-9a-f]{40}$/.test(h));
    }
  });

  it('does not reuse a stream id a rolled-back transaction took', () => {
    const store: Store = openSqliteStore(join(tempDir(), 'state.db'));
    try {
      const run = store.stage();
      store.tx(() => store.raw.upsert(input('k1', { v: 1 }, 'gone')));
      run.discard();
      // another stream now takes the id the rolled-back one had; the first is written anew
      store.tx(() => store.raw.upsert(input('k2', { v: 2 }, 'other')));
      store.tx(() => store.raw.insertNew([input('k3', { v: 3 }, 'gone')]));
      expect([...store.raw.keys('a', 'other')]).toEqual(['k2']);
      expect([...store.raw.keys('a', 'gone')]).toEqual(['k3']);
      // the same within one transaction whose savepoint rolls back
      store.tx(() => {
        try {
          store.tx(() => {
            store.raw.upsert(input('k4', { v: 4 }, 'third'));
            throw new Error('undo');
          });
        } catch {
          // the savepoint went back
        }
        store.raw.upsert(input('k5', { v: 5 }, 'fourth'));
        store.raw.upsert(input('k6', { v: 6 }, 'third'));
      });
      expect([...store.raw.keys('a', 'fourth')]).toEqual(['k5']);
      expect([...store.raw.keys('a', 'third')]).toEqual(['k6']);
    } finally {
      store.close();
    }
  });
});
