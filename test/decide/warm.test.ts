// Decide's worker started ahead (warmDecide, as the pipeline does before map): decide takes it
// and writes exactly what one thread writes; it leaves it (and closes it) when it was started for
// another config or before the aliases changed, and still decides the same.
import { describe, it, expect, afterEach } from 'vitest';
import { importCatalog } from '../../src/catalog/import.js';
import { decideApps, warmDecide } from '../../src/decide/index.js';
import { proposerStats } from '../../src/decide/proposer.js';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { fixture, service, putServices, type Fixture } from '../fixtures/matching/workspace.js';

const open: Fixture[] = [];
afterEach(() => {
  for (const f of open.splice(0)) f.store.close();
});

const NAMES = ['失业登记', '网上失业登记', '住房公积金提取（租房）', '智慧停车缴费', '食品经营许可证注销', '社保参保登记', '便民图书预约', '每日打卡停车'];
const data = Array.from({ length: 2400 }, (_, i) => service(i % 2 ? 'beta' : 'alpha', `k${i}`, NAMES[i % NAMES.length]! + (i % 5 ? '' : String(i % 40))));

async function setUp() {
  const f = await fixture();
  open.push(f);
  await importCatalog(f.ws, f.store, { actor: 't' });
  putServices(f.store, data);
  return f;
}

/** what decide wrote, times left out */
function written(f: Fixture) {
  const db = (f.store as unknown as { db: import('better-sqlite3').Database }).db;
  const untimed = (s: unknown) => (typeof s === 'string' ? s.replace(/"(at|time)":"[^"]*"/g, '') : s);
  const all = (sql: string) => (db.prepare(sql).raw().all() as unknown[][]).map((r) => r.map(untimed));
  return { decisions: all('SELECT service_id, app_id, action, decided_by, data FROM decisions ORDER BY rowid'), evidence: all('SELECT service_id, reason, score, candidates FROM decision_evidence ORDER BY rowid') };
}

async function withThreads<T>(n: string, f: () => Promise<T>): Promise<T> {
  const prev = process.env.YIMEN_THREADS;
  process.env.YIMEN_THREADS = n;
  try {
    return await f();
  } finally {
    if (prev === undefined) delete process.env.YIMEN_THREADS;
    else process.env.YIMEN_THREADS = prev;
  }
}

describe('decide with its worker started ahead', () => {
  it('takes the worker and writes what one thread writes', async () => {
    const one = await setUp();
    const alone = await withThreads('1', () => decideApps(one.ws, one.store, { actor: 't' }));
    const f = await setUp();
    const before = proposerStats.byWorker;
    const s = await withThreads('2', async () => {
      const warm = warmDecide(f.ws, f.store, { warmMin: 0, waitForWorker: true });
      expect(warm.proposer).toBeDefined();
      return decideApps(f.ws, f.store, { actor: 't', warm, warmMin: 0 });
    });
    expect(proposerStats.byWorker - before).toBeGreaterThan(0);
    expect(s.totals).toEqual(alone.totals);
    expect(written(f)).toEqual(written(one));
  });

  it('leaves a worker started for another config or before the aliases changed, and decides the same', async () => {
    const one = await setUp();
    one.store.aliases.set({ name: '便民图书预约', code: '512B00533009', actor: 'alice', at: '2025-01-01T00:00:00Z' });
    await withThreads('1', () => decideApps(one.ws, one.store, { actor: 't' }));

    const f = await setUp();
    await withThreads('2', async () => {
      // started before a person taught an alias: its index would not know it
      const early = warmDecide(f.ws, f.store, { warmMin: 0, waitForWorker: true });
      f.store.aliases.set({ name: '便民图书预约', code: '512B00533009', actor: 'alice', at: '2025-01-01T00:00:00Z' });
      const before = proposerStats.byWorker;
      await decideApps(f.ws, f.store, { actor: 't', warm: early, warmMin: 0 });
      expect(proposerStats.byWorker - before).toBe(0);
      expect(early.proposer).toBeDefined();
    });
    expect(written(f)).toEqual(written(one));

    // started for another load of the workspace (another config object): left, and closed
    const ws = await loadWorkspace(f.dir);
    await withThreads('2', async () => {
      const other = warmDecide(ws, f.store, { warmMin: 0, waitForWorker: true });
      for (const a of ['alpha', 'beta']) f.store.setMeta(`decide.app.${a}`, '{}');
      const before = proposerStats.byWorker;
      await decideApps(f.ws, f.store, { actor: 't', warm: other, warmMin: 0 });
      expect(proposerStats.byWorker - before).toBe(0);
    });
    expect(written(f)).toEqual(written(one));
  });
});
