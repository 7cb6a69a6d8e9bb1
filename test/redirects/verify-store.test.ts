// The migrator with gaps in the version numbers (branches reserve numbers: 3 may merge after 10).
import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { migrate } from '../../src/store/sqlite.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { tempDir } from '../helpers/cli.js';

describe('store migrations with gaps', () => {
  it('applies a lower version merged later, in order, once', () => {
    const db = new Database(join(tempDir(), 'state.db'));
    migrate(db);
    const top = Math.max(...MIGRATIONS.map((m) => m.version));
    expect(db.pragma('user_version', { simple: true })).toBe(top);
    // a version below the top that this store never ran (another branch's number)
    const free = [...Array(top).keys()].map((i) => i + 1).find((v) => !MIGRATIONS.some((m) => m.version === v))!;
    MIGRATIONS.push({ version: free, name: 'late', sql: 'CREATE TABLE late_one (x INTEGER);' });
    try {
      migrate(db);
      migrate(db); // a second open changes nothing
      expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'late_one'`).pluck().get()).toBe(1);
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toContain(free);
      expect(db.pragma('user_version', { simple: true })).toBe(top);
    } finally {
      MIGRATIONS.pop();
      db.close();
    }
  });

  it('a store made before schema_migrations existed counts every version up to user_version as run', () => {
    const db = new Database(join(tempDir(), 'state.db'));
    for (const m of MIGRATIONS.filter((x) => x.version <= 2)) db.exec(m.sql);
    db.pragma('user_version = 2');
    migrate(db);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'redirect_verifications'`).pluck().get()).toBe(1);
    db.close();
  });
});
