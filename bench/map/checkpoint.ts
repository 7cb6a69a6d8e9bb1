// The decide stage's one COMMIT and its WAL checkpoint, measured apart (docs/performance.md, fifth
// session): 300,000 decision rows of the bench's shape written in one transaction, then either
// the COMMIT checkpoints on the writing thread as SQLite does by default ("at commit"), or the
// COMMIT leaves the log and another thread's connection checkpoints it (PASSIVE) while this one
// goes on reading ("elsewhere"). After the COMMIT the writing thread reads a tenth of the rows
// back and writes a little (what a re-run or the next stage does): those reads go through the
// log's index until the checkpoint is done. Rounds alternate, each into a fresh store.
// Run: npx tsx bench/map/checkpoint.ts [--rows 300000] [--rounds 3] [--dist]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const SRC = process.argv.includes('--dist') ? '../../dist/src' : '../../src';
const { openSqliteStore } = (await import(`${SRC}/store/sqlite.js`)) as typeof import('../../src/store/sqlite.js');
const argv = process.argv.slice(2);
const num = (k: string, d: number) => (argv.includes(k) ? Number(argv[argv.indexOf(k) + 1]) : d);
const ROWS = num('--rows', 300_000);
const ROUNDS = num('--rounds', 3);
const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function round(mode: 'at commit' | 'elsewhere') {
  const dir = mkdtempSync(join(tmpdir(), 'yimen-bench-ckpt-'));
  const path = join(dir, 'state.db');
  const store = openSqliteStore(path);
  const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
  try {
    const ins = db.prepare('INSERT INTO decisions(service_id, app_id, action, decided_by, data, at, reason, score, candidates, evidence_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const at = new Date().toISOString();
    const candidates = JSON.stringify([1, 2, 3].map((k) => ({ code: `51100000${k}`, name: `某某县市场监督管理局行政许可事项${k}`, score: 0.9123, reason: 'name', kind: 'catalog' })));
    if (mode === 'elsewhere') db.pragma('wal_autocheckpoint = 0');
    db.exec('BEGIN');
    for (let i = 0; i < ROWS; i++) {
      const id = `app${String(i % 30).padStart(2, '0')}-${String(i).padStart(7, '0')}`;
      const app = `app${i % 30}`;
      ins.run(id, app, 'merge', 'matcher', JSON.stringify({ serviceId: id, appId: app, action: 'merge', target: '511000001', decidedBy: 'matcher', rule: 'name-match', actor: 'bench', at }), at, '合并到 某某事项（名称相似 0.93）', 0.93, candidates, at);
    }
    const walMb = statSync(`${path}-wal`).size / 2 ** 20;
    let t = performance.now();
    let c = cpuMs();
    db.exec('COMMIT');
    const commit = { ms: performance.now() - t, cpu: cpuMs() - c };
    db.pragma('wal_autocheckpoint = 1000');
    let done: Promise<number> = Promise.resolve(0);
    if (mode === 'elsewhere') {
      const w = new Worker(
        `const D = require(${JSON.stringify(sqlite)}); const d = new D(${JSON.stringify(path)}); const t = performance.now(); d.pragma('wal_checkpoint(PASSIVE)'); d.close(); require('node:worker_threads').parentPort.postMessage(performance.now() - t);`,
        { eval: true },
      );
      done = new Promise((r) => w.once('message', r));
    }
    t = performance.now();
    c = cpuMs();
    const read = db.prepare('SELECT data, candidates FROM decisions WHERE app_id = ? ORDER BY rowid').pluck();
    let bytes = 0;
    for (let a = 0; a < 3; a++) for (const x of read.iterate(`app${a * 7}`) as Iterable<string>) bytes += x.length;
    const put = db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 100; i++) put.run(`bench.${i}`, 'x');
    })();
    const after = { ms: performance.now() - t, cpu: cpuMs() - c, bytes };
    const t0 = performance.now();
    const elsewhereMs = await done;
    return { mode, walMb, commit, after, elsewhereMs, untilDone: commit.ms + after.ms + (performance.now() - t0) };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`${ROWS.toLocaleString('en')} decision rows in one transaction, ${ROUNDS} rounds of each, alternating (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})\n`);
console.log('| checkpoint | log at COMMIT | COMMIT wall / CPU | then reads + a small write, wall / CPU | checkpoint on the other thread | COMMIT to checkpointed |');
console.log('|---|---:|---:|---:|---:|---:|');
for (let r = 0; r < ROUNDS; r++) {
  for (const mode of ['at commit', 'elsewhere'] as const) {
    const x = await round(mode);
    console.log(
      `| ${x.mode} | ${x.walMb.toFixed(0)} MiB | ${x.commit.ms.toFixed(0)} / ${x.commit.cpu.toFixed(0)} ms | ${x.after.ms.toFixed(0)} / ${x.after.cpu.toFixed(0)} ms | ${x.mode === 'elsewhere' ? `${x.elsewhereMs.toFixed(0)} ms` : '—'} | ${x.untilDone.toFixed(0)} ms |`,
    );
  }
}
