// Kill and resume, as an unlucky operator would: the real CLI (bin/run.js → dist) runs `yimen
// extract`, `map` and `decide` on a copy of the bundled example (one app grown to 1,500 services),
// each SIGKILLed at random moments several times, then run to completion. After every kill each
// app's rows of the stage (a transaction per app) hold its last complete snapshot or the new
// complete one, never a mix; at the end nothing is
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

/**
 * What a stage leaves in the store, per app (each app's stage is one transaction), without the
 * times: the same input gives the same digest.
 */
function snapshot(ws: string, stage: Stage): Record<string, string> {
  const db = new Database(join(ws, '.yimen', 'state.db'), { readonly: true, fileMustExist: true });
  try {
    const queries =
      stage === 'extract'
        ? [
            'SELECT app_id, stream, key, locator, content_hash FROM raw_records ORDER BY 1, 2, 3',
            'SELECT app_id, id, kind, data FROM entry_points ORDER BY 1, 2',
            "SELECT app_id, stream, locator, reason FROM quarantine WHERE stage = 'extract' ORDER BY 1, 2, 3, 4",
          ]
        : stage === 'map'
          ? ['SELECT app_id, id, name, content_hash, has_errors FROM services ORDER BY 1, 2', "SELECT app_id, locator, reason, field FROM quarantine WHERE stage = 'map' ORDER BY 1, 2, 3, 4"]
          : [
              "SELECT app_id, service_id, action, decided_by, json_remove(data, '$.at') FROM decisions ORDER BY 1, 2",
              'SELECT d.app_id, e.service_id, e.reason, e.score, e.candidates FROM decision_evidence e JOIN decisions d USING (service_id) ORDER BY 1, 2',
            ];
    const out: Record<string, string> = {};
    queries.forEach((sql, qi) => {
      for (const row of db.prepare(sql).raw().all() as unknown[][]) {
        const app = String(row[0]);
        out[app] = (out[app] ?? '') + `${qi}:${JSON.stringify(row.slice(1))}\n`;
      }
    });
    return out;
  } finally {
    db.close();
  }
}

/** every app holds its last complete snapshot or the new complete one, never a mix */
function wholeSnapshots(now: Record<string, string>, before: Record<string, string>, after: Record<string, string>): string[] {
  const apps = new Set([...Object.keys(now), ...Object.keys(before), ...Object.keys(after)]);
  return [...apps].filter((a) => now[a] !== before[a] && now[a] !== after[a]);
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
  it('SIGKILLed at random moments, each app keeps its last complete snapshot per stage; resumed, the state equals a clean run', { timeout: 240_000 }, async () => {
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
    expect(expected.extract[APP]).toContain(`ZFQ${String(ROWS).padStart(5, '0')}`);

    let kills = 0;
    for (const stage of ['extract', 'map', 'decide'] as const) {
      const before = stage === 'extract' ? small : snapshot(killed, stage);
      // three runs at least, until two of them were killed mid-run (six at most): the load of the
      // machine moves the moments, so a run that finished first shortens the next wait
      let shrink = 1;
      for (let k = 0, own = 0; k < 6 && (k < 3 || own < 2); k++) {
        // somewhere between start-up and the end of the stage's own work
        const at = Math.round(took[stage] * shrink * (0.25 + Math.random() * 0.6));
        const how = await runAndKill(killed, stage, at);
        if (how === 'killed') (kills++, own++);
        else shrink *= 0.6;
        // all or nothing per app: the last complete snapshot, or (had it finished) the new one
        expect(wholeSnapshots(snapshot(killed, stage), before, expected[stage]), `${stage} after a ${how} run: apps with a partial snapshot`).toEqual([]);
      }
      const r = yimen([stage, '-w', killed]);
      expect(r.code, `${stage}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/\n\s+at |database is locked|SQLITE_/);
      expect(snapshot(killed, stage), `${stage} resumed`).toEqual(expected[stage]);
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
