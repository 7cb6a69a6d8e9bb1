// All or nothing, as a hostile source would test it: a paginated source that repeats a cursor (or
// never ends) fails the extract, and none of its pages become current; a source that suddenly
// yields far fewer records is refused (E_SOURCE_SHRANK) unless a person accepts it; a writing
// command under someone else's lock fails at once; a workbook over a cap is refused before inflating.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testAdapter } from '../helpers/adapter.js';
import { loadWorkspace, type Workspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { extractApps } from '../../src/extract/runner.js';
import { runPipeline } from '../../src/pipeline.js';
import { acquireLock } from '../../src/workspace/lock.js';
import { readTable } from '../../src/sdk/table/index.js';
import { makeWorkspace } from '../extract/workspace.js';
import { yimen } from '../helpers/cli.js';

function pager(opts: { pages: () => number; repeatAt?: () => number | undefined }) {
  return testAdapter('pager', async function* () {
    const seen = new Set<string>();
    for (let page = 0; page < opts.pages(); page++) {
      const cursor = page === opts.repeatAt?.() ? 'c1' : `c${page}`;
      if (seen.has(cursor)) throw new Error(`the source repeated cursor ${cursor}: a paginated source that never ends`);
      seen.add(cursor);
      for (let i = 0; i < 100; i++) yield { type: 'record', stream: 'services', key: `P${page}-${i}`, locator: `page ${page}`, data: { page, i } };
    }
  });
}

const CSV = '事项编号,事项名称\nA1,x\n';

async function setup() {
  const root = makeWorkspace([{ id: 'paged', adapter: 'spreadsheet', config: { files: [{ path: 'exports/services.csv', key: '事项编号' }] } }], { 'exports/services.csv': CSV });
  const ws = await loadWorkspace(root);
  const store = openSqliteStore(ws.paths.db);
  return { root, ws, store };
}

describe('an extract is all or nothing', () => {
  it('a source that repeats a cursor fails, and none of the pages it gave become current', async () => {
    const { ws, store } = await setup();
    let pages = 10;
    let repeatAt: number | undefined;
    const adapters = new Map([['paged', { adapter: pager({ pages: () => pages, repeatAt: () => repeatAt }), config: {} }]]);
    try {
      const ok = await extractApps(ws, store, { actor: 't', adapters, batchSize: 150 });
      expect(ok.ok).toBe(true);
      expect(store.raw.count('paged', 'services')).toBe(1000);
      const firstKeys = [...store.raw.keys('paged', 'services')].sort();
      // a run whose later pages differ and which then repeats a cursor: many batches were written, then it failed
      pages = 30;
      repeatAt = 25;
      const bad = await extractApps(ws, store, { actor: 't', adapters, batchSize: 150, full: true });
      expect(bad.ok).toBe(false);
      expect(bad.apps[0]!.error).toContain('repeated cursor');
      // the last complete snapshot is current: not one of the 2,500 records read before the failure
      expect(store.raw.count('paged', 'services')).toBe(1000);
      expect([...store.raw.keys('paged', 'services')].sort()).toEqual(firstKeys);
      expect(store.events.list({ entity: 'app:paged' }).at(-1)!.action).toBe('extract.failed');
      // a second connection (another process) sees the same
      const other = openSqliteStore(ws.paths.db, { readonly: true });
      expect(other.raw.count('paged', 'services')).toBe(1000);
      other.close();
    } finally {
      store.close();
    }
  });

  it('the shrink guard refuses a source that keeps under half its records, and --accept-shrink lets it through with an event', async () => {
    const { ws, store } = await setup();
    let pages = 10;
    const adapters = new Map([['paged', { adapter: pager({ pages: () => pages }), config: {} }]]);
    try {
      await extractApps(ws, store, { actor: 't', adapters });
      pages = 4; // 1,000 → 400
      const s = await extractApps(ws, store, { actor: 't', adapters, full: true });
      expect(s.ok).toBe(false);
      expect(s.shrank).toEqual(['paged']);
      expect(s.apps[0]!.code).toBe('E_SOURCE_SHRANK');
      expect(s.apps[0]!.error).toContain('400 records where the last snapshot had 1000');
      expect(store.raw.count('paged', 'services')).toBe(1000);
      // the run stops before map, decide and publish
      await expect(runPipeline(ws, store, { actor: 't', noPublish: true, apps: ['paged'] }).catch((e) => Promise.reject(e))).rejects.toMatchObject({ code: 'E_SOURCE_SHRANK' });
      // 1,000 → 600 is within the default guard
      pages = 6;
      const fine = await extractApps(ws, store, { actor: 't', adapters, full: true });
      expect(fine.ok).toBe(true);
      expect(store.raw.count('paged', 'services')).toBe(600);
      pages = 1;
      const accepted = await extractApps(ws, store, { actor: 't', adapters, full: true, acceptShrink: true });
      expect(accepted.ok).toBe(true);
      expect(store.raw.count('paged', 'services')).toBe(100);
      expect(store.events.list({ action: 'extract.shrink-accepted' })).toHaveLength(1);
    } finally {
      store.close();
    }
  });
});

describe('locks and caps', () => {
  it('a writing command under another run\'s lock fails at once with E_LOCKED and the holder', async () => {
    const { root, ws, store } = await setup();
    store.close();
    // a live holder: this test process
    const lock = acquireLock(ws.paths.lock, { actor: 'someone', operation: 'publish → http' });
    try {
      for (const cmd of [['map'], ['extract'], ['run', '--no-publish']]) {
        const r = yimen(cmd, { cwd: root });
        expect(r.code, cmd.join(' ')).toBe(1);
        expect(r.stderr).toMatch(/^error E_LOCKED: the workspace is locked by someone \(publish → http/);
        expect(r.stderr).not.toContain('database is locked');
      }
    } finally {
      lock.release();
    }
  });

  it('refuses an XLSX over its expanded-size cap before inflating, with the cap and how to raise it', async () => {
    const { root } = await setup();
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    const sh = wb.addWorksheet('s');
    for (let i = 0; i < 200; i++) sh.addRow([`k${i}`, 'x'.repeat(200)]);
    const file = join(root, 'big.xlsx');
    await wb.xlsx.writeFile(file);
    await expect(readTable(file, { maxPartBytes: 10_000 })).rejects.toMatchObject({ code: 'E_TABLE_TOO_BIG', hint: expect.stringContaining('maxPartBytes') });
    await expect(readTable(file, { maxExpandedBytes: 20_000 })).rejects.toMatchObject({ code: 'E_TABLE_TOO_BIG' });
    await expect(readTable(file, { maxRows: 100 })).rejects.toMatchObject({ code: 'E_TABLE_TOO_BIG', message: expect.stringContaining('200 rows') });
    const sheets = await readTable(file, { maxCellChars: 100 });
    const rows: unknown[] = [];
    for await (const b of sheets[0]!.batches) for (const r of b) rows.push(r);
    expect(rows[0]).toMatchObject({ row: 1, error: expect.stringContaining('over the cap of 100') });
    writeFileSync(join(root, 'not.xlsx'), 'not a zip');
    await expect(readTable(join(root, 'not.xlsx'))).rejects.toMatchObject({ code: 'E_TABLE_UNREADABLE' });
  });
});
