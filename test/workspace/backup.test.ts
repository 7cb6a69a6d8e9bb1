// Backups while a writer keeps writing, restores that keep the replaced file, refusals of a
// damaged or foreign file, and `yimen doctor` explaining a damaged database: real SQLite files.
import { describe, expect, it } from 'vitest';
import { closeSync, existsSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { backupStateFile, checkStateFile, restoreStateFile } from '../../src/store/maintenance.js';
import { tempDir, yimen, exampleCopy } from '../helpers/cli.js';

function storeWithEvents(n: number) {
  const dir = tempDir();
  const path = join(dir, '.yimen', 'state.db');
  const store = openSqliteStore(path);
  store.tx(() => {
    for (let i = 0; i < n; i++) store.events.append({ actor: 't', action: 'test', entity: `e${i}`, summary: `event ${i}` });
  });
  return { dir, path, store };
}

describe('state database maintenance', () => {
  it('backs up a consistent copy while another connection writes', { timeout: 20_000 }, async () => {
    // more pages than one backup step of 100 held: a stepwise backup restarted at every commit
    // between its steps, for ever under this writer
    const { dir, path, store } = storeWithEvents(2000);
    store.tx(() => {
      for (let i = 0; i < 3000; i++) store.events.append({ actor: 't', action: 'test', entity: 'pad', summary: 'x'.repeat(200) });
    });
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        store.tx(() => {
          for (let i = 0; i < 50; i++) store.events.append({ actor: 'w', action: 'test', entity: 'w', summary: `w${written++}` });
        });
        await new Promise((r) => setImmediate(r));
      }
    })();
    const r = await backupStateFile(path, join(dir, 'b', 'copy.db'));
    writing = false;
    await writer;
    store.close();
    expect(r.bytes).toBeGreaterThan(0);
    const report = checkStateFile(r.to);
    expect(report.ok).toBe(true);
    const copy = new Database(r.to, { readonly: true });
    const count = copy.prepare('SELECT count(*) FROM events').pluck().get() as number;
    copy.close();
    // every event of the first 5000 is there, and whole batches only (one transaction of 50 each)
    expect(count).toBeGreaterThanOrEqual(5000);
    expect((count - 5000) % 50).toBe(0);
  });

  it('refuses to overwrite an existing backup file', async () => {
    const { dir, path, store } = storeWithEvents(1);
    store.close();
    writeFileSync(join(dir, 'exists.db'), 'x');
    await expect(backupStateFile(path, join(dir, 'exists.db'))).rejects.toMatchObject({ code: 'E_BACKUP_EXISTS' });
  });

  it('restores a backup and keeps the database it replaced', async () => {
    const { dir, path, store } = storeWithEvents(10);
    store.close();
    const b = await backupStateFile(path, join(dir, 'copy.db'));
    const s2 = openSqliteStore(path);
    s2.events.append({ actor: 't', action: 'test', entity: 'later', summary: 'after the backup' });
    s2.close();
    const r = restoreStateFile(path, b.to, 'T1');
    expect(r.previous).toBe(`${path}.before-restore-T1`);
    expect(existsSync(r.previous!)).toBe(true);
    const back = openSqliteStore(path);
    expect(back.events.list().length).toBe(10);
    back.close();
    const kept = new Database(r.previous!, { readonly: true });
    expect(kept.prepare('SELECT count(*) FROM events').pluck().get()).toBe(11);
    kept.close();
  });

  it('refuses to restore a file that is not a yimen state database, and changes nothing', () => {
    const { dir, path, store } = storeWithEvents(3);
    store.close();
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all, just text '.repeat(200));
    expect(() => restoreStateFile(path, junk)).toThrow(/not a sound yimen state database/);
    const plain = join(dir, 'plain.db');
    new Database(plain).exec('CREATE TABLE t(x)');
    expect(() => restoreStateFile(path, plain)).toThrow(/not a yimen state database/);
    const s = openSqliteStore(path);
    expect(s.events.list().length).toBe(3);
    s.close();
    expect(readdirSync(join(dir, '.yimen')).filter((f) => f.includes('restore'))).toEqual([]);
  });

  it('finds damage in a file whose pages were overwritten', () => {
    const { path, store } = storeWithEvents(3000);
    store.close();
    const db = new Database(path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    // scribble over the middle pages, keeping the header intact
    const junk = Buffer.alloc(4096 * 4, 0x5a);
    writeSync(fd, junk, 0, junk.length, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const report = checkStateFile(path);
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.severity === 'error')?.hint).toMatch(/yimen restore/);
  });

  it('finds an event log that is no longer append-only', () => {
    const { path, store } = storeWithEvents(1);
    store.close();
    const db = new Database(path);
    db.exec('DROP TRIGGER events_no_delete');
    db.close();
    const report = checkStateFile(path);
    expect(report.ok).toBe(false);
    expect(report.findings.find((f) => f.check === 'event log')?.message).toMatch(/no longer append-only/);
  });

  it('yimen backup, doctor and restore from the CLI', () => {
    const ws = exampleCopy();
    expect(yimen(['extract', '-w', ws]).code).toBe(0);
    const out = join(ws, 'backup.db');
    const b = yimen(['backup', '-w', ws, '--out', out]);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/backed up/);
    const d = yimen(['doctor', '-w', ws, '--json']);
    expect(d.code, d.stderr).toBe(0);
    expect(JSON.parse(d.stdout).ok).toBe(true);
    const r = yimen(['restore', '-w', ws, out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/kept as/);
    const log = yimen(['log', '-w', ws, '--action', 'restore', '--json']);
    expect(JSON.parse(log.stdout).events.length).toBe(1);
    // a restore under a held lock is refused
    writeFileSync(join(ws, '.yimen', 'lock.json'), JSON.stringify({ id: 'x', pid: process.pid, host: hostname(), actor: 'a', operation: 'publish', started: new Date().toISOString() }));
    const locked = yimen(['restore', '-w', ws, out]);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/error E_LOCKED/);
  });
});
