import { describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkspace, type Workspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { extractApps } from '../../src/extract/runner.js';
import { entryPointId } from '../../src/extract/entry-points.js';
import type { AdapterMessage } from 'yimen/sdk';
import { testAdapter } from '../helpers/adapter.js';
import { makeWorkspace } from './workspace.js';

const CSV = ['事项编号,事项名称,H5地址', 'A1,社保查询,https://old.example/a1', 'A2,公积金查询,javascript:void(0)', ',无编号,', 'A3,医保查询,https://old.example/a3'].join('\n');

async function open(root: string) {
  const ws = await loadWorkspace(root);
  const store = openSqliteStore(ws.paths.db);
  return { ws, store };
}

const spreadsheetApp = (id = 'wujiang') => ({
  id,
  adapter: 'spreadsheet',
  config: { files: [{ path: 'exports/services.csv', key: '事项编号', entryPoints: [{ column: 'H5地址', kind: 'web', label: '事项名称' }] }] },
});

describe('extractApps', () => {
  it('stores raw records, entry points and quarantine; a re-run changes nothing; a changed file changes and sweeps', async () => {
    const root = makeWorkspace([spreadsheetApp()], { 'exports/services.csv': CSV });
    const { ws, store } = await open(root);
    try {
      const s1 = await extractApps(ws, store, { actor: 'tester', batchSize: 2 });
      expect(s1.ok).toBe(true);
      const a = s1.apps[0]!;
      const services = a.streams.find((s) => s.stream === 'services')!;
      expect(services).toMatchObject({ read: 4, new: 3, changed: 0, unchanged: 0, quarantined: 1, removed: 0, full: true });
      expect(a.entryPoints).toMatchObject({ total: 2, new: 2, refused: 1 });
      expect(store.raw.count('wujiang', 'services')).toBe(3);
      const row = [...store.raw.list('wujiang', 'services')][0]!;
      expect(row.data).toEqual({ 事项编号: 'A1', 事项名称: '社保查询', H5地址: 'https://old.example/a1' });
      expect(row.contentHash).toMatch(/^[0-9a-f]{40}$/);
      const eps = store.entryPoints.list('wujiang');
      expect(eps.map((e) => e.id)).toEqual([entryPointId('wujiang', 'web', 'https://old.example/a1'), entryPointId('wujiang', 'web', 'https://old.example/a3')]);
      expect(eps[0]).toMatchObject({ kind: 'web', serviceKey: 'A1', label: '社保查询', locator: 'services.csv!R2/H5地址' });
      const q = store.quarantine.list({ appId: 'wujiang', stage: 'extract' });
      expect(q.map((x) => [x.locator, x.reason.slice(0, 16)])).toEqual([
        ['services.csv!R3/H5地址', 'refused scheme "'],
        ['services.csv!R4', 'empty key column'],
      ]);
      const ev = store.events.list({ entity: 'app:wujiang', action: 'extract' });
      expect(ev).toHaveLength(1);
      expect(ev[0]!.actor).toBe('tester');
      expect(ev[0]!.summary).toContain('services: 4 read (3 new');

      // the same source again: nothing changes, quarantine is not duplicated
      const s2 = await extractApps(ws, store, { actor: 'tester' });
      expect(s2.apps[0]!.streams.find((s) => s.stream === 'services')).toMatchObject({ new: 0, changed: 0, unchanged: 3, quarantined: 1, removed: 0 });
      expect(s2.apps[0]!.entryPoints).toMatchObject({ new: 0, changed: 0, unchanged: 2, removed: 0 });
      expect(store.quarantine.count('wujiang', 'extract')).toBe(2);

      // A1 renamed, A3 gone: one changed, one removed (and its entry point)
      writeFileSync(join(root, 'exports/services.csv'), ['事项编号,事项名称,H5地址', 'A1,社保信息查询,https://old.example/a1', 'A2,公积金查询,javascript:void(0)'].join('\n'));
      const s3 = await extractApps(ws, store, { actor: 'tester' });
      expect(s3.apps[0]!.streams.find((s) => s.stream === 'services')).toMatchObject({ new: 0, changed: 1, unchanged: 1, removed: 1, quarantined: 0 });
      expect(s3.apps[0]!.entryPoints).toMatchObject({ total: 1, removed: 1 });
      expect([...store.raw.keys('wujiang', 'services')].sort()).toEqual(['A1', 'A2']);
      expect(store.entryPoints.ids('wujiang')).toHaveLength(1);
      expect(store.quarantine.count('wujiang', 'extract')).toBe(1);
    } finally {
      store.close();
    }
  });

  it('an extract is all or nothing: a failure keeps nothing it read (nor its state), the next run reads again from the last complete state', async () => {
    let fail = true;
    const flaky = testAdapter('flaky', async function* (state) {
      const from = (state.services as { n?: number } | undefined)?.n ?? 0;
      for (let i = from + 1; i <= 6; i++) {
        yield { type: 'record', stream: 'services', key: `K${i}`, locator: `r${i}`, data: { i } };
        if (i === 3) yield { type: 'state', stream: 'services', state: { n: 3 } };
        if (i === 5 && fail) throw new Error('connection lost');
      }
      yield { type: 'state', stream: 'services', state: { n: 6 } };
    });
    const root = makeWorkspace([spreadsheetApp('good')], { 'exports/services.csv': CSV });
    const { ws, store } = await open(root);
    const fake: Workspace = { ...ws, config: { ...ws.config, apps: [...ws.config.apps, { ...ws.config.apps[0]!, id: 'flaky' }] } };
    const adapters = new Map([['flaky', { adapter: flaky, config: {} }]]);
    try {
      const s = await extractApps(fake, store, { actor: 't', batchSize: 2, adapters });
      expect(s.ok).toBe(false);
      expect(s.failed).toEqual(['flaky']);
      const f = s.apps.find((a) => a.appId === 'flaky')!;
      expect(f.error).toBe('connection lost');
      expect(store.raw.count('flaky', 'services')).toBe(0);
      expect(store.raw.getState('flaky', 'services')).toBeUndefined();
      expect(store.events.list({ entity: 'app:flaky' })[0]!.action).toBe('extract.failed');
      // the next run reads from the last complete state (none): everything, in full
      fail = false;
      const s2 = await extractApps(fake, store, { actor: 't', apps: ['flaky'], adapters });
      expect(s2.apps[0]!.streams[0]).toMatchObject({ read: 6, new: 6, removed: 0, full: true });
      expect(store.raw.getState('flaky', 'services')).toEqual({ n: 6 });
      expect(store.raw.count('flaky', 'services')).toBe(6);
      // --full reads everything again and may sweep
      const s3 = await extractApps(fake, store, { actor: 't', apps: ['flaky'], full: true, adapters });
      expect(s3.apps[0]!.streams[0]).toMatchObject({ read: 6, unchanged: 6, full: true });
    } finally {
      store.close();
    }
  });

  it('a key given twice in a stream that was empty is stored once, the later record winning, and counted as upsert counts it', async () => {
    // 250 flat records (whole statements of insertNew and a rest); K7 again in the same statement
    // (changed), K3 again in a later one (unchanged), K240 again in the rest (changed)
    const messages = (): AdapterMessage[] => {
      const out: AdapterMessage[] = [];
      for (let i = 0; i < 250; i++) {
        out.push({ type: 'record', stream: 'services', key: `K${i}`, locator: `r${i}`, data: { i: String(i), name: `n${i}` } });
        if (i === 50) out.push({ type: 'record', stream: 'services', key: 'K7', locator: 'again7', data: { i: '7', name: 'renamed' } });
        if (i === 180) out.push({ type: 'record', stream: 'services', key: 'K3', locator: 'again3', data: { i: '3', name: 'n3' } });
        if (i === 245) out.push({ type: 'record', stream: 'services', key: 'K240', locator: 'again240', data: { i: '240', name: 'x' } });
      }
      return out;
    };
    const twice = testAdapter('twice', async function* () {
      yield* messages();
    });
    const root = makeWorkspace([spreadsheetApp('twice')], { 'exports/services.csv': CSV });
    const { ws, store } = await open(root);
    const adapters = new Map([['twice', { adapter: twice, config: {} }]]);
    try {
      const s = await extractApps(ws, store, { actor: 't', batchSize: 1000, adapters });
      expect(s.apps[0]!.streams[0]).toMatchObject({ read: 253, new: 250, changed: 2, unchanged: 1, removed: 0 });
      expect(store.raw.count('twice', 'services')).toBe(250);
      const rows = [...store.raw.list('twice', 'services')];
      // stored in the order first given; a repeat's locator and data are the last ones
      expect(rows.map((r) => r.key)).toEqual(Array.from({ length: 250 }, (_, i) => `K${i}`));
      expect(rows[7]).toMatchObject({ locator: 'again7', data: { i: '7', name: 'renamed' } });
      expect(rows[3]).toMatchObject({ locator: 'again3', data: { i: '3', name: 'n3' } });
      expect(rows[240]).toMatchObject({ locator: 'again240', data: { i: '240', name: 'x' } });
      // a re-run (the stream now holds records) counts them as it always did
      const s2 = await extractApps(ws, store, { actor: 't', adapters });
      expect(s2.apps[0]!.streams[0]).toMatchObject({ read: 253, new: 0, changed: 4, unchanged: 249, removed: 0 });
    } finally {
      store.close();
    }
  });

  it('a run that fails before reading anything keeps the records and the quarantine of the last run', async () => {
    const root = makeWorkspace([spreadsheetApp()], { 'exports/services.csv': CSV });
    const { ws, store } = await open(root);
    try {
      await extractApps(ws, store, { actor: 't' });
      expect(store.quarantine.count('wujiang', 'extract')).toBe(2);
      rmSync(join(root, 'exports/services.csv'));
      const s = await extractApps(ws, store, { actor: 't' });
      expect(s.failed).toEqual(['wujiang']);
      expect(s.apps[0]!.error).toContain('file not found');
      expect(store.quarantine.count('wujiang', 'extract')).toBe(2);
      expect(store.raw.count('wujiang', 'services')).toBe(3);
      expect(store.entryPoints.ids('wujiang')).toHaveLength(2);
    } finally {
      store.close();
    }
  });

  it('refuses an unknown app id', async () => {
    const root = makeWorkspace([spreadsheetApp()], { 'exports/services.csv': CSV });
    const { ws, store } = await open(root);
    try {
      await expect(extractApps(ws, store, { actor: 't', apps: ['nope'] })).rejects.toThrow(/no app "nope"/);
    } finally {
      store.close();
    }
  });

  it('stops at the next record when aborted', async () => {
    const root = makeWorkspace([spreadsheetApp()], { 'exports/services.csv': CSV });
    const { ws, store } = await open(root);
    try {
      const ac = new AbortController();
      ac.abort();
      const s = await extractApps(ws, store, { actor: 't', signal: ac.signal });
      expect(s.apps).toHaveLength(0);
    } finally {
      store.close();
    }
  });
});
