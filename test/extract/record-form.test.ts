// The compact raw-record form (src/extract/record-form.ts, migration 16): the same content hash as
// before for any record, and the store gives back exactly the object it was given, compact or not,
// also after a rolled-back transaction took a shape with it and for rows stored before migration 16;
// its time stamps (migration 17, epoch milliseconds) read as the ISO texts they were stored as before.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { contentHash } from '../../src/sdk/index.js';
import { flatForm, recordForm, sha1Into, takeFlat, takenJsonBound, takenShape, takenSortedKeys, writeTakenJson, writeUtf8 } from '../../src/extract/record-form.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { isoOf, LAST_SEEN } from '../../src/store/raw-form.js';

const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.string(), { maxLength: 2 }), fc.record({ a: fc.string() }));
const key = fc.oneof(fc.string(), fc.constantFrom('事项名称', '1', '10', '__proto__', 'toJSON', 'a b', ''));
const record = fc.dictionary(key, value, { maxKeys: 8 });

describe('recordForm', () => {
  it('hashes every record as contentHash does, and keeps a flat one compact', () => {
    fc.assert(
      fc.property(record, (r) => {
        const f = recordForm(r);
        expect(f.contentHash).toBe(contentHash(r));
        if (f.shape === undefined) expect(f.json).toBe(JSON.stringify(r));
        else {
          expect(Object.values(r).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))).toBe(true);
          expect(JSON.parse(f.json)).toHaveLength(Object.keys(r).length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('hashes a flat record from its sorted keys\' and its JSON\'s UTF-8 bytes side by side (the read thread\'s way) as contentHash does', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('事项名称', '𠮷祥', '\u2028', '"\\'));
    const flat = fc.dictionary(text, fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null)), { maxKeys: 8 });
    fc.assert(
      fc.property(flat, (r) => {
        const f = flatForm(r);
        if (!f) return;
        const bytes = Buffer.concat([Buffer.from(f.sortedKeys), Buffer.from(f.json)]);
        // as the store keeps it (migration 20): its 20 bytes, written where they are asked for
        const out = Buffer.alloc(27, 0xee);
        expect(sha1Into(bytes, out, 3)).toBe(23);
        expect(out.toString('hex')).toBe(`eeeeee${contentHash(r)}eeeeeeee`);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a flat record\'s JSON, and any text, as UTF-8 exactly as flatForm and Buffer make them (the read thread\'s way)', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('事项名称', '𠮷祥', '\u2028', '"\\', '\ud800', 'a\udc00b', '\t\r\n'));
    const flat = fc.dictionary(text, fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null)), { maxKeys: 8 });
    // a few records of one shape in a row (the shape is remembered), then others
    const records = fc.array(fc.oneof(flat, record, fc.constant({ 事项编号: 'WJ1', 事项名称: '生育登记' }), fc.constant({ 事项编号: 'WJ2', 事项名称: '"引号"\\' })), { maxLength: 6 });
    fc.assert(
      fc.property(records, fc.array(text, { maxLength: 4 }), (rs, texts) => {
        const out = Buffer.alloc(1 << 16);
        for (const r of rs) {
          const f = flatForm(r);
          const took = takeFlat(r);
          expect(took).toBe(f !== undefined);
          if (!f) continue;
          expect(takenShape()).toBe(f.shape);
          expect(takenSortedKeys()).toBe(f.sortedKeys);
          const bound = takenJsonBound();
          const end = writeTakenJson(out, 0);
          expect(end).toBeLessThanOrEqual(bound);
          expect(out.subarray(0, end).toString('hex')).toBe(Buffer.from(f.json).toString('hex'));
        }
        for (const t of texts) expect(out.subarray(0, writeUtf8(t, out, 0)).toString('hex')).toBe(Buffer.from(t).toString('hex'));
      }),
      { numRuns: 2000 },
    );
    // inherited keys are not the record's; a shape's keys in another order is another shape
    const proto = Object.create({ inherited: 'x' }) as Record<string, unknown>;
    proto.own = 'y';
    expect(takeFlat(proto)).toBe(true);
    expect(takenShape()).toBe('["own"]');
    expect(takeFlat({ b: '1', a: '2' }) && takenShape()).toBe('["b","a"]');
    expect(takeFlat({ a: '2', b: '1' }) && takenShape()).toBe('["a","b"]');
    expect(takeFlat({ a: '2', b: { c: 1 } })).toBe(false);
  });

  it('a spreadsheet row is compact: its values in its keys\' sorted order', () => {
    const f = recordForm({ 事项名称: '生育登记', 事项编号: 'A1', H5地址: 'https://x' });
    expect(f.shape).toBe('["事项名称","事项编号","H5地址"]');
    expect(JSON.parse(f.json)).toEqual(['https://x', '生育登记', 'A1']);
  });
});

describe('raw records in the store', () => {
  const input = (key: string, data: Record<string, unknown>) => ({ appId: 'a', stream: 's', key, locator: `f!R${key}`, data, ...recordForm(data) });

  it('gives back the objects it was given, in their key order, through list and page', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 12 }), (rs) => {
        const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'yimen-rf-')), 'state.db'));
        try {
          store.tx(() => rs.forEach((r, i) => store.raw.upsert(input(String(i), r))));
          const expected = rs.map((r) => JSON.parse(JSON.stringify(r)));
          const listed = [...store.raw.list('a', 's')].map((x) => x.data);
          expect(listed).toEqual(expected);
          expect(listed.map((d) => JSON.stringify(d))).toEqual(expected.map((d) => JSON.stringify(d)));
          expect(store.raw.page('a', 's', undefined, 100).rows.map((x) => JSON.stringify(x.data))).toEqual(expected.map((d) => JSON.stringify(d)));
          expect([...store.raw.list('a', 's')].map((x) => x.contentHash)).toEqual(rs.map((r) => contentHash(r)));
        } finally {
          store.close();
        }
      }),
      { numRuns: 30 },
    );
  });

  it('stores a shape again after a rolled-back transaction took it', () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'yimen-rf-')), 'state.db'));
    try {
      const run = store.stage();
      store.tx(() => store.raw.upsert(input('1', { 名称: '甲', 编号: '1' })));
      run.discard();
      const again = store.stage();
      store.tx(() => store.raw.upsert(input('2', { 名称: '乙', 编号: '2' }), 'new'));
      again.commit();
      expect([...store.raw.list('a', 's')].map((x) => x.data)).toEqual([{ 名称: '乙', 编号: '2' }]);
    } finally {
      store.close();
    }
  });

  it('writes new records many a statement exactly as one by one, in order, after a rolled-back transaction took their shape', () => {
    const open = () => openSqliteStore(join(mkdtempSync(join(tmpdir(), 'yimen-rf-')), 'state.db'));
    // 400 records: runs of one shape (whole statements and a rest), another shape, a nested record, another stream
    const rows = Array.from({ length: 400 }, (_, i) => {
      const data: Record<string, unknown> = i === 120 ? { 名称: `甲${i}`, 子项: { a: 1 } } : i === 130 || i === 210 ? { 编号: String(i), 名称: `乙${i}` } : { 名称: `甲${i}`, 编号: String(i), 地址: null };
      return { ...input(String(i), data), stream: i === 200 ? 't' : 's' };
    });
    const one = open();
    const many = open();
    try {
      one.tx(() => rows.forEach((r) => one.raw.upsert(r, 'new')));
      // the shape stored in a transaction that is then rolled back: the statement stores it again
      const run = many.stage();
      many.tx(() => many.raw.insertNew(rows.slice(0, 1)));
      run.discard();
      const again = many.stage();
      many.tx(() => many.raw.insertNew(rows));
      again.commit();
      for (const stream of ['s', 't']) {
        const strip = (x: { firstSeen?: string; lastSeen?: string }) => ({ ...x, firstSeen: undefined, lastSeen: undefined });
        expect([...many.raw.list('a', stream)].map(strip)).toEqual([...one.raw.list('a', stream)].map(strip));
        expect(many.raw.hashes('a', stream).map((h) => h.split('\u0000').slice(0, 2))).toEqual(one.raw.hashes('a', stream).map((h) => h.split('\u0000').slice(0, 2)));
      }
      expect(many.raw.count('a', 's')).toBe(399);
    } finally {
      one.close();
      many.close();
    }
  });

  it('reads rows stored before migration 16 and writes compact ones beside them', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'yimen-rf-')), 'state.db');
    // a store as migration 15 left it, with a row in the old form
    const db = new Database(path);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, at TEXT NOT NULL)');
    for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
      if (m.version >= 16) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 'then');
    }
    db.pragma('user_version = 15');
    const old = { 名称: '旧', 编号: '0' };
    db.prepare('INSERT INTO raw_records(app_id, stream, key, locator, content_hash, data, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run('a', 's', '0', 'f!R0', contentHash(old), JSON.stringify(old), 't', 't');
    db.close();
    const store = openSqliteStore(path);
    try {
      // unchanged: the old row stays as it is; a new one is compact
      expect(store.raw.upsert(input('0', old))).toBe('unchanged');
      expect(store.raw.upsert(input('1', { 名称: '新', 编号: '1' }))).toBe('new');
      expect([...store.raw.list('a', 's')].map((x) => x.data)).toEqual([old, { 名称: '新', 编号: '1' }]);
      // a changed old row is rewritten compact
      expect(store.raw.upsert(input('0', { ...old, 名称: '改' }))).toBe('changed');
      expect([...store.raw.list('a', 's')][0]!.data).toEqual({ 名称: '改', 编号: '0' });
    } finally {
      store.close();
    }
  });

  it('reads the time stamps of rows stored before migration 17 as they were, and new ones as ISO texts, in SQL as in JS', () => {
    // the SQL pageRows uses gives Date's ISO text for any millisecond of years 0000-9999
    const db = new Database(':memory:');
    db.exec("CREATE TABLE raw_records (last_seen TEXT, seen_at INTEGER, changed_at INTEGER)");
    const last = db.prepare(`SELECT ${LAST_SEEN} FROM raw_records`).pluck();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799999 }), fc.option(fc.integer({ min: 0, max: 253402300799999 })), (seen, changed) => {
        db.exec('DELETE FROM raw_records');
        db.prepare("INSERT INTO raw_records VALUES ('', ?, ?)").run(seen, changed);
        expect(last.get()).toBe(new Date(changed ?? seen).toISOString());
        expect(isoOf(changed ?? seen)).toBe(new Date(changed ?? seen).toISOString());
      }),
      { numRuns: 300 },
    );
    db.close();

    const path = join(mkdtempSync(join(tmpdir(), 'yimen-rf-')), 'state.db');
    // a store as migration 16 left it, with a row in its form
    const old = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, at TEXT NOT NULL)');
    for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
      if (m.version >= 17) continue;
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 'then');
    }
    old.pragma('user_version = 16');
    const data = { 名称: '旧', 编号: '0' };
    const t0 = '2025-01-02T03:04:05.678Z';
    old.prepare('INSERT INTO raw_records(app_id, stream, key, locator, content_hash, data, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run('a', 's', '0', 'f!R0', contentHash(data), JSON.stringify(data), t0, t0);
    old.close();
    const store = openSqliteStore(path);
    try {
      const before = Date.now();
      expect(store.raw.upsert(input('0', data))).toBe('unchanged');
      expect(store.raw.upsert(input('1', { 名称: '新', 编号: '1' }))).toBe('new');
      store.raw.insertNew([input('2', { 名称: '新', 编号: '2' })]);
      const rows = [...store.raw.list('a', 's')];
      expect(rows[0]).toMatchObject({ firstSeen: t0, lastSeen: t0 });
      for (const r of rows.slice(1)) {
        expect(r.firstSeen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(Date.parse(r.firstSeen)).toBeGreaterThanOrEqual(before);
        expect(r.lastSeen).toBe(r.firstSeen);
      }
      // a changed row keeps when it was first seen, old or new
      expect(store.raw.upsert(input('0', { ...data, 名称: '改' }))).toBe('changed');
      expect(store.raw.upsert(input('1', { 名称: '改', 编号: '1' }))).toBe('changed');
      const after = [...store.raw.list('a', 's')];
      expect(after[0]!.firstSeen).toBe(t0);
      expect(Date.parse(after[0]!.lastSeen)).toBeGreaterThanOrEqual(before);
      expect(after[1]!.firstSeen).toBe(rows[1]!.firstSeen);
      expect(Date.parse(after[1]!.lastSeen)).toBeGreaterThanOrEqual(Date.parse(rows[1]!.firstSeen));
      // page and pageRows (map's) say the same
      expect(store.raw.page('a', 's', undefined, 10).rows).toEqual(after);
      const joined = store.raw.pageRows(store.raw.rowids('a', 's')).map((x) => x.split('\u0000')[3]);
      expect(joined).toEqual(after.map((r) => r.lastSeen));
    } finally {
      store.close();
    }
  });
});
