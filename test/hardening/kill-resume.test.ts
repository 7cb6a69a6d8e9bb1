// Kill and resume, as an unlucky operator would: the real CLI (bin/run.js → dist) runs `yimen
// extract`, `map` and `decide` on a copy of the bundled example (one app grown to 1,500 services),
// each SIGKILLed at random moments several times, then run to completion. After every kill the
// stage's tables hold the last complete snapshot, never part of a new one; at the end nothing is
// lost, `yimen doctor` is clean, and the state equals a clean uninterrupted run on another copy.
// (The publish kill test is test/publish/http.test.ts; this reuses its way of killing.)
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { exampleCopy, yimen, yimenSpawn } from '../helpers/cli.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ROWS = 1500;
const APP = 'zhufengqiao';

/** the example's 住枫桥 export grown to `rows` services (names, H5 and QR addresses all distinct) */
function grow(ws: string, rows: number): void {
  const f = join(ws, 'exports', 'zhufengqiao-services.csv');
  const lines = readFileSync(f, 'utf8').split('\n').filter(Boolean);
  const out = [lines[0]!];
  for (let i = 0; i < rows; i++) {
    const c = lines[1 + (i % (lines.length - 1))]!.split(',');
    c[0] = `ZFQ${String(i + 1).padStart(5, '0')}`;
    if (i >= lines.length - 1) c[1] = `${c[1]}（${i}）`;
    c[12] = `${c[12]}-${i}`;
    c[13] = `${c[13]}-${i}`;
    out.push(c.join(','));
  }
  writeFileSync(f, out.join('\n') + '\n');
}

type Stage = 'extract' | 'map' | 'decide';

/** what a stage leaves in the store, without the times (the same input gives the same digest) */
function snapshot(ws: string, stage: Stage): string {
  const db = new Database(join(ws, '.yimen', 'state.db'), { readonly: true, fileMustExist: true });
  try {
    const q = (sql: string) => JSON.stringify(db.prepare(sql).raw().all());
    if (stage === 'extract')
      return [
        q('SELECT app_id, stream, key, locator, content_hash FROM raw_records ORDER BY 1, 2, 3'),
        q('SELECT id, app_id, kind, data FROM entry_points ORDER BY 1'),
        q("SELECT app_id, stream, locator, reason FROM quarantine WHERE stage = 'extract' ORDER BY 1, 2, 3, 4"),
      ].join('\n');
    if (stage === 'map')
      return [q('SELECT id, app_id, name, content_hash, has_errors FROM services ORDER BY 1'), q("SELECT app_id, locator, reason, field FROM quarantine WHERE stage = 'map' ORDER BY 1, 2, 3, 4")].join('\n');
    return [q('SELECT service_id, app_id, action, decided_by, data FROM decisions ORDER BY 1'), q('SELECT service_id, reason, score, candidates FROM decision_evidence ORDER BY 1')].join('\n');
  } finally {
    db.close();
  }
}

/** starts the command and SIGKILLs it after `ms` (unless it finished first) */
async function runAndKill(ws: string, stage: Stage, ms: number): Promise<'killed' | 'finished'> {
  const p = yimenSpawn([stage, '-w', ws]);
  let exited = false;
  p.once('exit', () => (exited = true));
  const until = Date.now() + ms;
  while (!exited && Date.now() < until) await sleep(5);
  if (exited) return 'finished';
  p.kill('SIGKILL');
  await new Promise((r) => (exited ? r(null) : p.once('exit', r)));
  return 'killed';
}

function timed(ws: string, stage: Stage): number {
  const t = Date.now();
  const r = yimen([stage, '-w', ws]);
  expect(r.code, `${stage}: ${r.stderr}`).toBe(0);
  return Date.now() - t;
}

describe('kill and resume: extract, map, decide', () => {
  it('SIGKILLed at random moments, each stage keeps its last complete snapshot; resumed, the state equals a clean run', { timeout: 240_000 }, async () => {
    const clean = exampleCopy();
    const killed = exampleCopy();
    // the killed copy has a complete snapshot of the small export first: a kill must leave it current
    timed(killed, 'extract');
    const small = snapshot(killed, 'extract');
    grow(clean, ROWS);
    grow(killed, ROWS);
    // the clean run: the expected state, and each stage's duration (the kills land inside it)
    const took = { extract: timed(clean, 'extract'), map: timed(clean, 'map'), decide: timed(clean, 'decide') };
    const expected = { extract: snapshot(clean, 'extract'), map: snapshot(clean, 'map'), decide: snapshot(clean, 'decide') };
    expect(expected.extract).toContain(`ZFQ${String(ROWS).padStart(5, '0')}`);

    let kills = 0;
    for (const stage of ['extract', 'map', 'decide'] as const) {
      const before = stage === 'extract' ? small : snapshot(killed, stage);
      for (let k = 0; k < 3; k++) {
        // somewhere between start-up and the end of the stage's own work
        const at = Math.round(took[stage] * (0.35 + Math.random() * 0.6));
        const how = await runAndKill(killed, stage, at);
        if (how === 'killed') kills++;
        const now = snapshot(killed, stage);
        // all or nothing: the last complete snapshot, or (had it finished) the new one, never a mix
        expect(now === before || now === expected[stage], `${stage} after a ${how} run: a partial snapshot`).toBe(true);
      }
      const r = yimen([stage, '-w', killed]);
      expect(r.code, `${stage}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/\n\s+at |database is locked|SQLITE_/);
      expect(snapshot(killed, stage), `${stage} resumed`).toBe(expected[stage]);
    }
    expect(kills).toBeGreaterThanOrEqual(5);

    // 0 lost rows: every row of the export is a record and a service
    const db = new Database(join(killed, '.yimen', 'state.db'), { readonly: true });
    expect(db.prepare("SELECT count(*) FROM raw_records WHERE app_id = ? AND stream = 'services'").pluck().get(APP)).toBe(ROWS);
    expect(db.prepare('SELECT count(*) FROM services WHERE app_id = ?').pluck().get(APP)).toBe(ROWS);
    db.close();
    const doctor = yimen(['doctor', '-w', killed, '--json']);
    expect(doctor.code, doctor.stderr).toBe(0);
    const report = JSON.parse(doctor.stdout) as { ok: boolean; findings: Array<{ severity: string }> };
    expect(report.ok).toBe(true);
    expect(report.findings.every((f) => f.severity === 'ok')).toBe(true);
  });
});
