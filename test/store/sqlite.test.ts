import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations.js';
import { tempDir } from '../helpers/cli.js';
import { serviceOf } from '../helpers/service.js';
import type { CatalogService, Decision } from '../../src/schema/index.js';

const svc = (id: string, name?: string): CatalogService => serviceOf(id, name);

const decision = (over: Partial<Decision> = {}): Decision => ({
  serviceId: 's1',
  appId: 'a',
  action: 'migrate',
  reason: 'no match',
  decidedBy: 'matcher',
  candidates: [],
  actor: 't',
  at: '2026-01-01T00:00:00Z',
  ...over,
});

describe('SQLite store', () => {
  it('migrates a new file to the latest version with WAL on', () => {
    const path = join(tempDir(), '.yimen', 'state.db');
    const s = openSqliteStore(path);
    s.close();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // reopening is a no-op
    openSqliteStore(path).close();
  });

  it('refuses a store newer than it knows', () => {
    const path = join(tempDir(), 'state.db');
    openSqliteStore(path).close();
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openSqliteStore(path)).toThrow(/schema version 999/);
  });

  it('stores raw records idempotently by key and content hash', () => {
    const s = openSqliteStore(join(tempDir(), 'state.db'));
    const r = { appId: 'a', stream: 'services', key: 'k1', locator: 'f.csv!R2', data: { 名称: 'x' }, contentHash: 'h1' };
    expect(s.raw.upsert(r)).toBe('new');
    expect(s.raw.upsert(r)).toBe('unchanged');
    expect(s.raw.upsert({ ...r, contentHash: 'h2', data: { 名称: 'y' } })).toBe('changed');
    expect([...s.raw.list('a', 'services')].map((x) => x.data)).toEqual([{ 名称: 'y' }]);
    expect(s.raw.count('a')).toBe(1);
    s.close();
  });

  it('keeps the event log append-only', () => {
    const s = openSqliteStore(join(tempDir(), 'state.db'));
    s.events.append({ actor: 'li', action: 'extract', entity: 'app:a', summary: '3 new' });
    const db = (s as unknown as { db: Database.Database }).db;
    expect(() => db.prepare('UPDATE events SET actor = ?').run('mallory')).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(s.events.list()).toMatchObject([{ actor: 'li', action: 'extract', entity: 'app:a', summary: '3 new' }]);
    s.close();
  });

  it('rolls a transaction back whole', () => {
    const s = openSqliteStore(join(tempDir(), 'state.db'));
    expect(() =>
      s.tx(() => {
        s.services.upsert(svc('s1'), 'h');
        throw new Error('crash mid-stage');
      }),
    ).toThrow('crash mid-stage');
    expect(s.services.count()).toBe(0);
    s.close();
  });

  it('never lets a rule or the matcher override a person', () => {
    const s = openSqliteStore(join(tempDir(), 'state.db'));
    expect(s.decisions.upsert(decision())).toBe('new');
    expect(s.decisions.upsert(decision({ action: 'merge', target: 'X', decidedBy: 'person', reason: 'same as X', actor: 'wang' }))).toBe('changed');
    expect(s.decisions.upsert(decision({ action: 'migrate', decidedBy: 'matcher' }))).toBe('unchanged');
    expect(s.decisions.get('s1')).toMatchObject({ action: 'merge', decidedBy: 'person', actor: 'wang' });
    s.close();
  });

  it("keeps a decision's evidence beside it: new scores and wording are stored but are not a change", () => {
    const s = openSqliteStore(join(tempDir(), 'state.db'));
    const cand = [{ code: 'C1', name: '甲', score: 0.71, reason: 'name 0.71', kind: 'catalog' as const }];
    expect(s.decisions.upsert(decision({ action: 'review', target: 'C1', rule: 'name-match', score: 0.71, reason: 'middling 0.71', candidates: cand }))).toBe('new');
    const moved = decision({ action: 'review', target: 'C1', rule: 'name-match', score: 0.69, reason: 'middling 0.69', candidates: [{ ...cand[0]!, score: 0.69 }] });
    expect(s.decisions.upsert(moved)).toBe('unchanged');
    expect(s.decisions.get('s1')).toEqual(moved);
    expect(s.decisions.upsertMany([{ ...moved, score: 0.7 }], new Map([['s1', moved]]))).toMatchObject({ unchanged: 1, changed: 0, ids: [] });
    expect(s.decisions.get('s1')!.score).toBe(0.7);
    // the stable content: disposition, target, rule, who decided; a person's reason is theirs
    expect(s.decisions.upsert({ ...moved, target: 'C2' })).toBe('changed');
    expect(s.decisions.upsert({ ...moved, target: 'C2', decidedBy: 'person', reason: 'checked' })).toBe('changed');
    expect(s.decisions.upsert({ ...moved, target: 'C2', decidedBy: 'person', reason: 'checked twice' })).toBe('changed');
    s.decisions.remove('s1');
    expect(s.decisions.get('s1')).toBeUndefined();
    s.close();
  });

  it('migration 3 moves the evidence of stored decisions beside them', () => {
    const file = join(tempDir(), 'state.db');
    const db = new Database(file);
    for (const m of MIGRATIONS.filter((m) => m.version <= 2)) db.exec(m.sql);
    db.pragma('user_version = 2');
    const old = decision({ action: 'merge', target: 'C1', rule: 'name-match', score: 0.9, reason: 'clear 0.90', candidates: [{ code: 'C1', name: '甲', score: 0.9, reason: 'r', kind: 'catalog' }] });
    db.prepare('INSERT INTO decisions(service_id, app_id, action, decided_by, data, at) VALUES (?, ?, ?, ?, ?, ?)').run('s1', 'a', 'merge', 'matcher', JSON.stringify(old), old.at);
    db.close();
    const s = openSqliteStore(file);
    expect(s.decisions.get('s1')).toEqual(old);
    expect(s.decisions.list('a')).toEqual([old]);
    expect(s.decisions.upsert({ ...old, score: 0.88, reason: 'clear 0.88' })).toBe('unchanged');
    s.close();
  });

  it('records what a stage ran on (stage marks)', () => {
    const s = openSqliteStore(join(tempDir(), 'state.db'));
    expect(s.stageMarks.get('decide')).toBeUndefined();
    s.stageMarks.set('decide', { at: '2026-01-01T00:00:00Z', inputs: { catalog: 'x' } });
    expect(s.stageMarks.get('decide')).toEqual({ at: '2026-01-01T00:00:00Z', inputs: { catalog: 'x' } });
    s.close();
  });

  it('counts status aggregates in the database', () => {
    const s = openSqliteStore(join(tempDir(), 'state.db'));
    s.tx(() => {
      s.services.upsert(svc('s1'), 'h');
      s.services.upsert({ ...svc('s2'), issues: [{ field: 'name', severity: 'error', code: 'x', message: 'm' }] }, 'h');
      s.services.upsert(svc('s3'), 'h');
      s.decisions.upsert(decision({ serviceId: 's1' }));
      s.decisions.upsert(decision({ serviceId: 's2', action: 'review', decidedBy: 'matcher' }));
      s.quarantine.add({ appId: 'a', stage: 'extract', locator: 'f.csv!R9', reason: 'empty key' });
    });
    const [c] = s.status.byApp('local');
    expect(c).toMatchObject({ appId: 'a', services: 3, invalid: 1, undecided: 1, dispositions: { migrate: 1, review: 1 }, quarantined: { extract: 1 } });
    s.close();
  });
});
