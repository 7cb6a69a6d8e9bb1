// Entry points are stored once per batch (in id order, without a lookup for an app that had none):
// an address claimed by two services, in one batch or across batches, is stored once with both
// claims, and a re-run counts it unchanged.
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { extractApps } from '../../src/extract/runner.js';
import { makeWorkspace } from './workspace.js';

const CSV = [
  '事项编号,事项名称,H5地址',
  'A1,社保查询,https://old.example/shared',
  'A2,公积金查询,https://old.example/a2',
  'A3,医保查询,https://old.example/a3',
  'A4,社保查询二,https://old.example/shared',
  'A5,医保查询二,https://old.example/a3',
].join('\n');

const app = { id: 'wujiang', adapter: 'spreadsheet', config: { files: [{ path: 'exports/services.csv', key: '事项编号', entryPoints: [{ column: 'H5地址', kind: 'web' }] }] } };

describe('entry points stored per batch', () => {
  for (const batchSize of [1, 3, 5000]) {
    it(`batch size ${batchSize}: conflicts kept, counts exact on a first run and a re-run`, async () => {
      const root = makeWorkspace([app], { 'exports/services.csv': CSV });
      const ws = await loadWorkspace(root);
      const store = openSqliteStore(ws.paths.db);
      try {
        const s1 = await extractApps(ws, store, { actor: 't', batchSize });
        expect(s1.ok).toBe(true);
        expect(s1.apps[0]!.entryPoints).toMatchObject({ total: 3, new: 3, changed: 0, unchanged: 0, conflicts: 2 });
        const eps = store.entryPoints.list('wujiang');
        expect(eps).toHaveLength(3);
        const shared = eps.find((e) => e.address.endsWith('/shared'))!;
        expect([...(shared.claimedBy ?? [])].sort()).toEqual(['A1', 'A4']);
        const s2 = await extractApps(ws, store, { actor: 't', batchSize });
        expect(s2.apps[0]!.entryPoints).toMatchObject({ total: 3, new: 0, changed: 0, unchanged: 3, removed: 0 });
        expect(store.entryPoints.list('wujiang')).toEqual(eps);
      } finally {
        store.close();
      }
    });
  }
});
