// The http target against `yimen catalog serve` on loopback, real processes, no mocks: the
// publisher is SIGKILLed at random moments and resumed; 429 and 5xx storms; Prism checks every
// request and response against api/catalog-api.openapi.yaml.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { yimen, yimenSpawn, ROOT } from '../helpers/cli.js';
import { makeWorkspace, seed } from './fixture.js';
import { startServe, startPrism, listRemote, type Proc } from './serve.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { contentHashOf } from '../../src/publish/payload.js';

const running: Proc[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
});
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'src', 'commands', 'catalog', 'serve.js'))) execSync('npx tsc -p .', { cwd: ROOT });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** the target holds each service exactly once, with the expected number of versions, and the state matches it */
async function expectConsistent(ws: string, url: string, expectVersions: Map<string, string>, token?: string) {
  const remote = await listRemote(url, token);
  const ids = remote.map((r) => r.externalId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids)).toEqual(new Set(expectVersions.keys()));
  for (const r of remote) {
    expect(r.status, r.externalId).toBe('listed');
    // a version per applied change: a replayed or reconciled write never applies twice
    expect(r.version, r.externalId).toBe(expectVersions.get(r.externalId));
  }
  const store = openSqliteStore(join(ws, '.yimen', 'state.db'));
  try {
    expect(store.journal.pending('http')).toEqual([]);
    const pubs = store.publications.list('http');
    expect(pubs).toHaveLength(remote.length);
    const byId = new Map(remote.map((r) => [r.externalId, r]));
    for (const p of pubs) {
      const r = byId.get(p.externalId)!;
      expect(p.status).toBe(r.status);
      expect(p.contentHash).toBe(contentHashOf(r.service));
    }
  } finally {
    store.close();
  }
}

/** runs `yimen publish` and SIGKILLs it once the journal holds `after` more intents (plus a random few ms) */
async function publishAndKill(ws: string, after: number): Promise<'killed' | 'finished'> {
  const dbFile = join(ws, '.yimen', 'state.db');
  const count = () => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM publish_journal').pluck().get() as number;
    } catch {
      return 0;
    } finally {
      db.close();
    }
  };
  const start = count();
  const p = yimenSpawn(['publish', '--concurrency', '4'], { cwd: ws });
  let exited = false;
  p.once('exit', () => (exited = true));
  while (!exited && count() < start + after) await sleep(5);
  if (exited) return 'finished';
  await sleep(Math.floor(Math.random() * 25));
  p.kill('SIGKILL');
  await new Promise((r) => (exited ? r(null) : p.once('exit', r)));
  return 'killed';
}

describe('publish over http to catalog serve', () => {
  it('survives SIGKILL at random moments: each service exactly once, state matches the target', async () => {
    const serve = await startServe(['--latency', '15']);
    running.push(serve);
    const ws = makeWorkspace({ type: 'http', baseUrl: serve.url, concurrency: 4 });
    const n = 40;
    seed(ws, n);
    let kills = 0;
    for (let k = 0; k < 4; k++) if ((await publishAndKill(ws, 3 + Math.floor(Math.random() * 8))) === 'killed') kills++;
    let r = yimen(['publish', '--json'], { cwd: ws });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const created = new Map<string, string>();
    for (let i = 1; i <= n; i++) created.set(`demo-${String(i).padStart(12, '0')}`, '1');
    await expectConsistent(ws, serve.url, created);
    // content changes for a third of them, then more kills during the updates
    seed(ws, n, { rename: (i) => (i % 3 === 0 ? `改名事项${i}` : undefined) });
    for (let k = 0; k < 3; k++) if ((await publishAndKill(ws, 2 + Math.floor(Math.random() * 4))) === 'killed') kills++;
    expect(kills).toBeGreaterThanOrEqual(3);

    r = yimen(['publish', '--json'], { cwd: ws });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const versions = new Map<string, string>();
    for (let i = 1; i <= n; i++) versions.set(`demo-${String(i).padStart(12, '0')}`, i % 3 === 0 ? '2' : '1');
    await expectConsistent(ws, serve.url, versions);
    // the kills did land mid-run: intents were left pending and reconciled
    const st = openSqliteStore(join(ws, '.yimen', 'state.db'));
    const reconciles = st.events.list({ action: 'publish.reconcile' }).length;
    const brokenLocks = st.events.list({ action: 'publish.lock' }).length;
    st.close();
    expect(reconciles).toBeGreaterThan(0);
    expect(brokenLocks).toBeGreaterThanOrEqual(kills);
    const plan = yimen(['plan', '--refresh', '--json', '--detailed-exitcode'], { cwd: ws });
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).drift).toEqual([]);
    await serve.stop();
  });

  it('429 and 5xx storms end with everything published, nothing twice', async () => {
    // 20 % of answers are 500/503 (half of them after the write was applied), 15 requests/s at most
    const serve = await startServe(['--error-rate', '0.2', '--rate-limit', '15']);
    running.push(serve);
    const ws = makeWorkspace({ type: 'http', baseUrl: serve.url, concurrency: 8, retries: 12 });
    const n = 40;
    seed(ws, n, { action: (i) => (i === 40 ? 'review' : 'migrate') });
    let r = yimen(['publish', '--json'], { cwd: ws });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).counts).toMatchObject({ create: 39, failed: 0 });
    // updates and an unlist through the storm too
    seed(ws, n, { rename: (i) => (i <= 5 ? `改名事项${i}` : undefined), action: (i) => (i === 40 || i === 39 ? 'review' : 'migrate') });
    r = yimen(['publish', '--json'], { cwd: ws });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).counts).toMatchObject({ update: 5, unlist: 1, failed: 0 });
    await serve.stop();
    const out = serve.output();
    const m = /stopped after (\d+) requests \((\d+) injected 5xx, (\d+) rate-limited, (\d+) replayed\)/.exec(out);
    expect(m, out).toBeTruthy();
    expect(Number(m![2])).toBeGreaterThan(0);
    expect(Number(m![3])).toBeGreaterThan(0);
    // versions: created once, the five renamed updated once, the unlisted one unlisted once
    // (the storm server is gone: the versions it answered are in the state)
    const store = openSqliteStore(join(ws, '.yimen', 'state.db'));
    const pubs = store.publications.list('http');
    store.close();
    expect(pubs).toHaveLength(39);
    expect(pubs.filter((p) => p.status === 'listed')).toHaveLength(38);
    expect(pubs.filter((p) => p.remoteVersion !== (Number(p.serviceId.slice(-2)) <= 5 || p.status === 'unlisted' ? '2' : '1'))).toEqual([]);
  });

  it('every request and response passes Prism, the contract validator', async () => {
    const token = 'test-token-123';
    // with faults on, so the 429, 500 and 503 answers are checked against the contract too
    const serve = await startServe(['--token-env', 'SERVE_TOKEN', '--error-rate', '0.15', '--rate-limit', '25', '--seed', '7'], { SERVE_TOKEN: token });
    running.push(serve);
    const prism = await startPrism(serve.url);
    running.push(prism);
    const ws = makeWorkspace({ type: 'http', baseUrl: prism.url, tokenEnv: 'CATALOG_TOKEN', concurrency: 4, retries: 12 });
    const env = { CATALOG_TOKEN: token };
    seed(ws, 8);
    // an intent left pending (a crash before the call): reconciled by a GET that answers 404
    const store = openSqliteStore(join(ws, '.yimen', 'state.db'));
    store.journal.begin({ runId: 'crashed', target: 'http', serviceId: 'demo-000000000001', appId: 'demo', op: 'create', externalId: 'demo-000000000001', contentHash: 'x', idempotencyKey: 'ymn-crashed-0001' });
    store.close();

    let r = yimen(['publish', '--json'], { cwd: ws, env });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).reconciled).toMatchObject({ notApplied: 1 });
    seed(ws, 8, { rename: (i) => (i === 2 ? '改名' : undefined), action: (i) => (i === 3 ? 'merge' : 'migrate') });
    r = yimen(['publish', '--json'], { cwd: ws, env });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).counts).toMatchObject({ update: 1, unlist: 1 });
    r = yimen(['plan', '--refresh', '--json'], { cwd: ws, env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).drift).toEqual([]);

    // the validator does validate: a write without an Idempotency-Key is refused by Prism itself
    const bad = await fetch(`${prism.url}/services/demo-x`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ externalId: 'demo-x', appId: 'demo', name: 'x' }),
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('idempotency-key');
    const log = prism.output();
    expect(log).toMatch(/PUT|put/);
    await serve.stop();
    const stats = /\((\d+) injected 5xx, (\d+) rate-limited/.exec(serve.output());
    expect(Number(stats![1]) + Number(stats![2]), JSON.stringify(serve.output())).toBeGreaterThan(0);
    const violations = log.split('\n').filter((l) => /violation/i.test(l));
    expect(violations).toEqual([]);
    await prism.stop();
  });
  it('partial success exits 3 with the target\'s reasons; a missing token is a config error before anything is sent', async () => {
    const serve = await startServe(['--token-env', 'SERVE_TOKEN'], { SERVE_TOKEN: 'tok-1' });
    running.push(serve);
    const ws = makeWorkspace({ type: 'http', baseUrl: serve.url, tokenEnv: 'CATALOG_TOKEN' });
    seed(ws, 4, { rename: (i) => (i === 2 ? '长'.repeat(199) + '名字' : undefined) });
    // plan needs no token; publish does, and says which variable
    let r = yimen(['plan', '--json'], { cwd: ws, env: { CATALOG_TOKEN: undefined } });
    expect(r.code, r.stderr).toBe(0);
    r = yimen(['publish'], { cwd: ws, env: { CATALOG_TOKEN: undefined } });
    expect(r.code, r.stderr + r.stdout).toBe(2);
    expect(r.stderr).toContain('CATALOG_TOKEN');
    // a wrong token: every call refused (401 is final), exit 1, and the token never shows
    r = yimen(['publish', '--json'], { cwd: ws, env: { CATALOG_TOKEN: 'wrong-secret-token' } });
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(JSON.parse(r.stdout).failures[0].status).toBe(401);
    expect(r.stdout + r.stderr).not.toContain('wrong-secret-token');
    // the 201-character name is refused by the target (400, not retried): the rest goes through
    r = yimen(['publish'], { cwd: ws, env: { CATALOG_TOKEN: 'tok-1' } });
    expect(r.code, r.stderr + r.stdout).toBe(3);
    expect(r.stdout).toContain('3 created');
    expect(r.stdout).toContain('name is required (1–200 characters)');
    // the failure is quarantined with the target's reason, so status shows it as a blocker
    const st = openSqliteStore(join(ws, '.yimen', 'state.db'));
    const q = st.quarantine.list({ stage: 'publish' });
    st.close();
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ appId: 'demo', locator: 'service:demo-000000000002' });
    expect(q[0]!.reason).toContain('HTTP 400');
    // Ctrl-C stops the server cleanly
    expect(await serve.stop('SIGINT')).toBe(0);
    expect(serve.output()).toMatch(/stopped after \d+ requests/);
  });
  it('Ctrl-C stops starting new operations, records those in flight, exits 3; the next run finishes', async () => {
    const serve = await startServe(['--latency', '250']);
    running.push(serve);
    const ws = makeWorkspace({ type: 'http', baseUrl: serve.url, concurrency: 1 });
    seed(ws, 24);
    const dbFile = join(ws, '.yimen', 'state.db');
    const p = yimenSpawn(['publish'], { cwd: ws });
    let out = '';
    p.stdout!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => p.once('exit', (c) => r(c)));
    for (;;) {
      const db = new Database(dbFile, { readonly: true });
      const n = db.prepare("SELECT count(*) FROM publish_journal WHERE status = 'done'").pluck().get() as number;
      db.close();
      if (n >= 2) break;
      await sleep(10);
    }
    // a second run meanwhile is refused by the lock, naming the holder
    const second = yimen(['publish'], { cwd: ws });
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toContain('E_LOCKED');
    expect(second.stderr).toContain('test-runner');
    p.kill('SIGINT');
    expect(await exited).toBe(3);
    expect(out).toContain('interrupted');
    const store = openSqliteStore(dbFile);
    const pending = store.journal.pending('http').length;
    const published = store.publications.list('http').length;
    store.close();
    expect(pending).toBe(0); // in-flight calls were recorded, intents not called were closed
    expect(published).toBeGreaterThan(0);
    expect(published).toBeLessThan(24);
    const r = yimen(['publish', '--json', '--concurrency', '8'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).counts.create).toBe(24 - published);
    const versions = new Map<string, string>();
    for (let i = 1; i <= 24; i++) versions.set(`demo-${String(i).padStart(12, '0')}`, '1');
    await expectConsistent(ws, serve.url, versions);
    await serve.stop();
  });
});
