// Migration 19 keeps a decision's evidence in its own row: a store whose decisions were written
// into two tables reads back the same decisions after it, readers of decision_evidence (now a
// view) see the same columns, and a re-decide that moves only the evidence leaves the decision.
import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Decision } from '../../src/schema/index.js';

const decision = (id: string, more: Partial<Decision> = {}): Decision => ({
  serviceId: id,
  appId: 'a',
  action: 'merge',
  target: 'B1',
  reason: `合并到 事项（${id}）`,
  decidedBy: 'matcher',
  rule: 'name-match',
  score: 0.91,
  candidates: [{ code: 'B1', name: '事项', score: 0.91, reason: 'name 0.91', kind: 'catalog' }],
  actor: 't',
  at: '2026-01-01T00:00:00.000Z',
  ...more,
});

describe('decision evidence in the decision row (migration 19)', () => {
  it('reads back what a store of two tables held, and updates evidence alone', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'yimen-ev-')), 'state.db');
    // a store as migration 16 left it, with decisions written the old way
    const db = new Database(path);
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, at TEXT NOT NULL)');
    for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
      if (m.version >= 19) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 'then');
    }
    db.pragma('user_version = 16');
    const old = [decision('s2'), decision('s1', { action: 'retire', target: undefined, rule: 'policy.retire', score: undefined, candidates: [], decidedBy: 'rule' })];
    for (const d of old) {
      const { reason, score, candidates, ...rest } = d;
      db.prepare('INSERT INTO decisions(service_id, app_id, action, decided_by, data, at) VALUES (?, ?, ?, ?, ?, ?)').run(d.serviceId, d.appId, d.action, d.decidedBy, JSON.stringify(rest), d.at);
      db.prepare('INSERT INTO decision_evidence(service_id, reason, score, candidates, at) VALUES (?, ?, ?, ?, ?)').run(d.serviceId, reason, score ?? null, JSON.stringify(candidates), '2026-01-02T00:00:00.000Z');
    }
    const evidenceBefore = db.prepare('SELECT service_id, reason, score, candidates, at FROM decision_evidence ORDER BY service_id').all();
    db.close();

    const store = openSqliteStore(path);
    try {
      const raw = (store as unknown as { db: Database.Database }).db;
      expect(store.decisions.list()).toEqual(old.map((d) => JSON.parse(JSON.stringify(d))));
      expect(raw.prepare('SELECT service_id, reason, score, candidates, at FROM decision_evidence ORDER BY service_id').all()).toEqual(evidenceBefore);
      expect(raw.prepare("SELECT type FROM sqlite_master WHERE name = 'decision_evidence'").pluck().get()).toBe('view');
      // the evidence moved, the decision did not: unchanged, its evidence rewritten, its time kept
      const moved = decision('s2', { score: 0.93, reason: '合并到 事项（新的理由）', at: '2026-02-01T00:00:00.000Z' });
      expect(store.decisions.upsert(moved)).toBe('unchanged');
      const back = store.decisions.get('s2')!;
      expect(back.score).toBe(0.93);
      expect(back.reason).toBe('合并到 事项（新的理由）');
      expect(back.at).toBe('2026-01-01T00:00:00.000Z');
      expect(raw.prepare("SELECT at FROM decision_evidence WHERE service_id = 's2'").pluck().get()).toBe('2026-02-01T00:00:00.000Z');
      // a changed decision rewrites both; a removed one goes with its evidence
      expect(store.decisions.upsert(decision('s2', { action: 'review', at: '2026-03-01T00:00:00.000Z' }))).toBe('changed');
      expect(store.decisions.get('s2')!.at).toBe('2026-03-01T00:00:00.000Z');
      store.decisions.remove('s1');
      expect(raw.prepare('SELECT count(*) FROM decision_evidence').pluck().get()).toBe(1);
    } finally {
      store.close();
    }
  });
});
