// A large source read on a second thread (src/extract/read-thread.ts) must store exactly what one
// thread stores: the same rows in the same order, hashes, locators, quarantines, entry points,
// warnings, log lines and events, on a first run and a re-run, and fail with the same message.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { extractApps, type ExtractOptions } from '../../src/extract/runner.js';
import { makeWorkspace } from './workspace.js';

const ROWS = 12_000;

/** a messy export: a title row, duplicates, empty keys, shifted rows, hidden characters, refused and shared addresses, a quote never closed */
function csv(rows: number, variant = 0): string {
  const out = ['智慧吴江 事项导出,,,', '事项编号,事项名称,实施主体,H5地址'];
  for (let i = 1; i <= rows; i++) {
    const key = i % 997 === 0 ? `S${i - 1}` : i % 1201 === 0 ? '' : `S${i}`;
    const name = i % 503 === 0 ? `事项\u200b${i}` : `事项${i}${variant && i % 1000 === 0 ? '改' : ''}`;
    const addr = i % 701 === 0 ? 'javascript:void(0)' : i % 389 === 0 ? 'https://old.example/shared' : `https://old.example/${i}`;
    if (i % 1499 === 0) out.push(`${key},${name},"多行\n说明",${addr},多余`);
    else if (i === rows - 5) out.push(`${key},"${name},吴江,${addr}`);
    else out.push(`${key},${name},吴江区${i % 7}局,${addr}`);
  }
  return out.join('\r\n') + '\r\n';
}

const app = {
  id: 'wujiang',
  adapter: 'spreadsheet',
  config: { files: [{ path: 'exports/services.csv', key: '事项编号', entryPoints: [{ column: 'H5地址', kind: 'web', label: '事项名称' }] }] },
};

function dump(dbPath: string): unknown {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      raw: db.prepare('SELECT rowid, app_id, stream, key, locator, content_hash, data FROM raw_records ORDER BY rowid').all(),
      quarantine: db.prepare('SELECT app_id, stage, stream, locator, reason, field, data FROM quarantine ORDER BY id').all(),
      entryPoints: db.prepare('SELECT * FROM entry_points ORDER BY rowid').all().map((r) => ({ ...(r as object), updated_at: undefined, created_at: undefined })),
      state: db.prepare('SELECT app_id, stream, state FROM extract_state ORDER BY 1, 2').all(),
      events: db
        .prepare('SELECT actor, action, entity, summary, details FROM events ORDER BY id')
        .all()
        .map((e) => {
          const x = e as { details: string | null };
          const d = x.details ? JSON.parse(x.details) : null;
          if (d) delete d.durationMs;
          return { ...x, details: d };
        }),
    };
  } finally {
    db.close();
  }
}

/** extracts twice (the second time after a change to the file) and returns all it stored and said */
async function runBoth(threads: '1' | undefined, opts: Partial<ExtractOptions>, config = app, secondOpts: Partial<ExtractOptions> = {}) {
  const saved = process.env.YIMEN_THREADS;
  if (threads) process.env.YIMEN_THREADS = threads;
  else delete process.env.YIMEN_THREADS;
  try {
    const root = makeWorkspace([config], { 'exports/services.csv': csv(ROWS) });
    const ws = await loadWorkspace(root);
    const store = openSqliteStore(ws.paths.db);
    const logs: string[] = [];
    const progress: number[] = [];
    const o: ExtractOptions = { actor: 't', batchSize: 1500, threadAbove: 0, onLog: (_a, level, m) => logs.push(`${level} ${m}`), onProgress: (p) => progress.push(p.read), ...opts };
    const strip = (s: Awaited<ReturnType<typeof extractApps>>) => ({ ...s, apps: s.apps.map((a) => ({ ...a, durationMs: 0 })) });
    try {
      const first = strip(await extractApps(ws, store, o));
      const afterFirst = dump(ws.paths.db);
      writeFileSync(join(root, 'exports/services.csv'), csv(ROWS - 300, 1));
      const second = strip(await extractApps(ws, store, { ...o, ...secondOpts }));
      return { first, afterFirst, second, afterSecond: dump(ws.paths.db), logs, progress };
    } finally {
      store.close();
    }
  } finally {
    if (saved === undefined) delete process.env.YIMEN_THREADS;
    else process.env.YIMEN_THREADS = saved;
  }
}

describe('extract on a second thread', () => {
  const saved = process.env.YIMEN_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.YIMEN_THREADS;
    else process.env.YIMEN_THREADS = saved;
  });

  it('stores and says exactly what one thread does, across batches, on a first run and a re-run', async () => {
    // the content hashes made by the read thread on the first run (always ahead), by the main thread on the re-run (never)
    const threaded = await runBoth('2' as '1', { hashAhead: 0 }, app, { hashAhead: 1000 });
    const one = await runBoth('1', {});
    // the data is what it should be, so the comparison is not of two empty stores
    const s = threaded.first.apps[0]!.streams.find((x) => x.stream === 'services')!;
    expect(s.read).toBeGreaterThan(ROWS - 10);
    expect(s.quarantined).toBeGreaterThan(10);
    expect(threaded.second.apps[0]!.streams.find((x) => x.stream === 'services')).toMatchObject({ changed: expect.any(Number), removed: expect.any(Number) });
    expect(threaded.second.apps[0]!.streams.find((x) => x.stream === 'services')!.removed).toBeGreaterThan(200);
    expect(threaded.logs.some((l) => l.includes('only the first 20 are listed'))).toBe(true);
    expect(threaded.first.apps[0]!.entryPoints.conflicts).toBeGreaterThan(0);
    expect(threaded).toEqual(one);
  }, 60_000);

  it('fails with the same message when the adapter throws in the worker', async () => {
    // the second file is missing: the adapter throws after the first was read
    const bad = { ...app, config: { files: [app.config.files[0]!, { path: 'exports/gone.csv', key: '事项编号' }] } };
    const threaded = await runBoth('2' as '1', {}, bad).catch((e) => e);
    const one = await runBoth('1', {}, bad).catch((e) => e);
    expect(threaded.first.ok).toBe(false);
    expect(threaded.first.apps[0]!.error).toMatch(/file not found: exports\/gone.csv/);
    expect(threaded).toEqual(one);
  }, 60_000);

  it('stops when the signal aborts, leaving the last snapshot current', async () => {
    const ac = new AbortController();
    const root = makeWorkspace([app], { 'exports/services.csv': csv(ROWS) });
    const ws = await loadWorkspace(root);
    const store = openSqliteStore(ws.paths.db);
    try {
      const s = await extractApps(ws, store, { actor: 't', threadAbove: 0, batchSize: 1000, onProgress: (p) => p.read > 3000 && ac.abort(), signal: ac.signal });
      expect(s.ok).toBe(false);
      expect(s.apps[0]!.aborted).toBe(true);
      expect(store.raw.count('wujiang')).toBe(0);
    } finally {
      store.close();
    }
  }, 60_000);
});
