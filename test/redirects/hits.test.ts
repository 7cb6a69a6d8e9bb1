import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { writeFileSync, renameSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { makeWorkspace } from '../publish/fixture.js';
import { loadWorkspace, type Workspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { importHits, parseLogLine, noiseFilter, noiseFilterAt, rankByHits, logTimeIso, forEachLineIn, lineCounter, newTally } from '../../src/redirects/hits.js';
import { planRedirects } from '../../src/redirects/stage.js';
import { HitsConfig } from '../../src/workspace/config.js';
import { tempDir } from '../helpers/cli.js';

const line = (path: string, o: { host?: string; ua?: string; status?: number; method?: string; time?: string } = {}) =>
  `${o.host ? o.host + ' ' : ''}203.0.113.9 - - [${o.time ?? '10/Oct/2025:13:55:36 +0800'}] "${o.method ?? 'GET'} ${path} HTTP/1.1" ${o.status ?? 200} 512 "-" "${o.ua ?? 'Mozilla/5.0 (iPhone) MicroMessenger/8.0'}"`;

describe('log lines', () => {
  it('parses combined lines, with or without a leading virtual host', () => {
    expect(parseLogLine(line('/h5/a?id=1'))).toMatchObject({ host: undefined, method: 'GET', target: '/h5/a?id=1', status: 200 });
    expect(parseLogLine(line('/x', { host: 'OLD.example.cn:443' }))).toMatchObject({ host: 'old.example.cn', target: '/x' });
    expect(parseLogLine('garbage')).toBeUndefined();
    expect(logTimeIso('10/Oct/2025:13:55:36 +0800')).toBe('2025-10-10T05:55:36.000Z');
  });
  it('drops bots, assets, health checks and other methods', () => {
    const f = noiseFilter(HitsConfig.parse({}));
    const why = (l: string) => f(parseLogLine(l)!);
    expect(why(line('/h5/a'))).toBeUndefined();
    expect(why(line('/h5/a', { ua: 'Mozilla/5.0 (compatible; Baiduspider/2.0)' }))).toBe('bot');
    expect(why(line('/static/app.JS?v=3'))).toBe('asset');
    expect(why(line('/healthz'))).toBe('health');
    expect(why(line('/h5/a', { method: 'POST' }))).toBe('method');
  });
});

describe('the line reader and counter (the hot loop)', () => {
  it('yields every line of a log of several chunks, plain and gzip, LF and CRLF, the last line without an end', async () => {
    const dir = tempDir('yimen-lines-');
    // lines of varied length, so chunk edges fall inside lines
    const lines = Array.from({ length: 40_000 }, (_, i) => `${i} ${'x'.repeat(i % 97)}`);
    const crlf = lines.map((l, i) => (i % 3 ? l : l + '\r'));
    for (const [name, data] of [
      ['plain.log', Buffer.from(crlf.join('\n'))],
      ['gz.log.gz', gzipSync(Buffer.from(crlf.join('\n') + '\n'))],
    ] as const) {
      writeFileSync(join(dir, name), data);
      const got: string[] = [];
      await forEachLineIn(join(dir, name), (s, a, b) => got.push(s.slice(a, b)));
      expect(got.length).toBe(lines.length);
      expect(got.join('\n')).toBe(lines.join('\n'));
    }
  });
  it('keeps the latest time per address, read in place with the same result as logTimeIso', () => {
    const t = newTally();
    const count = lineCounter(t, { filter: noiseFilterAt(HitsConfig.parse({})), defaultHost: 'old.example.cn', knownHost: () => true });
    for (const time of ['10/Oct/2025:13:55:36 +0800', '10/Oct/2025:23:59:59 -0330', '09/Oct/2025:01:02:03 +0800']) {
      const l = line('/h5/t', { time });
      count(l, 0, l.length);
    }
    const c = t.counts.get('old.example.cn')!.get('/h5/t')!;
    expect(c.n).toBe(3);
    expect(new Date(c.last).toISOString()).toBe(logTimeIso('10/Oct/2025:23:59:59 -0330'));
    expect(logTimeIso('10/Oct/2025:23:59:59 -0330')).toBe('2025-10-11T03:29:59.000Z');
  });
});

describe('redirects hits import', () => {
  let ws: Workspace;
  let store: Store;
  let dir: string;
  beforeEach(async () => {
    ws = await loadWorkspace(makeWorkspace());
    store = openSqliteStore(ws.paths.db);
    dir = tempDir('yimen-hits-');
    for (const [i, a] of ['https://old.example.cn/h5/a?id=1', 'https://old.example.cn/h5/b', 'https://old.example.cn/'].entries())
      store.entryPoints.upsert({ id: `demo-ep-${i}`, appId: 'demo', kind: 'web', address: a, serviceKey: i < 2 ? String(i + 1) : undefined, locator: 'x' });
  });
  afterEach(() => store.close());

  it('counts per canonical entry point, discovers unplanned traffic, and never counts a log twice', async () => {
    const lines = [
      line('/h5/a?id=1&utm_source=wx'), // the tracking parameter is not significant
      line('/h5/a?utm_source=x&id=1', { host: 'old.example.cn' }),
      line('/h5/a?id=2'), // another id: another address
      line('/h5/b#top'),
      line('/h5/b', { ua: 'Googlebot/2.1' }),
      line('/h5/b/style.css'),
      line('/healthz'),
      line('/h5/b', { host: 'elsewhere.example.com' }),
      ...Array.from({ length: 4 }, () => line('/h5/unplanned?x=1')),
      ...Array.from({ length: 5 }, () => line('/wp-login.php', { status: 404 })), // scanners: never served
      line('/h5/rare'),
      'not a log line',
    ];
    const plain = join(dir, 'access.log');
    writeFileSync(plain, lines.join('\n') + '\n');
    const gz = join(dir, 'access.log.1.gz');
    writeFileSync(gz, gzipSync(Buffer.from([line('/h5/b'), line('/h5/b')].join('\n') + '\n')));

    const s = await importHits(ws, store, [plain, gz], { actor: 't', app: 'demo' });
    expect(s.files.map((f) => [f.lines, f.requests, f.skipped])).toEqual([
      [lines.length, 14, false],
      [2, 2, false],
    ]);
    expect(s.files[0]!.dropped).toMatchObject({ bot: 1, asset: 1, health: 1, otherHost: 1, unreadable: 1 });
    const byEp = store.hits.byEntryPoint('demo');
    expect(byEp.get('demo-ep-0')).toBe(2);
    expect(byEp.get('demo-ep-1')).toBe(3);
    expect(s.discovered.map((d) => [d.address, d.hits])).toEqual([['https://old.example.cn/h5/unplanned', 4]]);
    expect(s.ignored).toBe(3); // ?id=2 once, /wp-login.php never served, /h5/rare once

    // the same logs again (one renamed, as logrotate does): nothing added
    renameSync(plain, join(dir, 'access.log.1'));
    const again = await importHits(ws, store, [join(dir, 'access.log.1'), gz], { actor: 't', app: 'demo' });
    expect(again.files.every((f) => f.skipped)).toBe(true);
    expect(store.hits.byEntryPoint('demo').get('demo-ep-1')).toBe(3);

    // the discovered entry point is planned as unresolved and ranks first by traffic
    await planRedirects(ws, store, { actor: 't' });
    const rules = store.redirects.list('demo');
    const found = rules.find((r) => r.source === 'https://old.example.cn/h5/unplanned')!;
    expect(found.action).toBe('unresolved');
    const ranked = rankByHits(rules, store.hits.byEntryPoint('demo'));
    expect(ranked[0]!.source).toBe(found.source);
    expect(ranked.filter((r) => r.action === 'unresolved').map((r) => r.hits)).toEqual([...ranked.filter((r) => r.action === 'unresolved').map((r) => r.hits)].sort((a, b) => b - a));
  });

  it('needs a host for lines that name none when the app has several', async () => {
    store.entryPoints.upsert({ id: 'demo-ep-9', appId: 'demo', kind: 'web', address: 'https://m.old.example.cn/x', locator: 'x' });
    const p = join(dir, 'a.log');
    writeFileSync(p, line('/h5/b') + '\n');
    await expect(importHits(ws, store, [p], { actor: 't', app: 'demo' })).rejects.toThrow(/no host/);
    const s = await importHits(ws, store, [p], { actor: 't', app: 'demo', host: 'old.example.cn' });
    expect(s.counted).toBe(1);
  });
});
