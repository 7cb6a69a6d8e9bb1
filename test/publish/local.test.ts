// The local target end to end through the CLI: plan, publish, re-plan (no-op), changes, unlists,
// blocked services, saved plans bound to their state, the lock.
import { describe, it, expect, beforeAll } from 'vitest';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { yimen, ROOT } from '../helpers/cli.js';
import { makeWorkspace, seed } from './fixture.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

const json = (s: string) => {
  try {
    return JSON.parse(s);
  } catch {
    throw new Error(`not JSON: ${s.slice(0, 500)}`);
  }
};

describe('publish to the local target', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'src', 'commands', 'publish.js'))) execSync('npx tsc -p .', { cwd: ROOT });
  });

  it('plans, publishes, is a no-op the second time, updates and unlists', () => {
    const ws = makeWorkspace();
    seed(ws, 5, { errors: [5] });
    let r = yimen(['plan', '--json', '--detailed-exitcode'], { cwd: ws });
    expect(r.code, r.stderr).toBe(4);
    let plan = json(r.stdout);
    expect(plan.counts).toMatchObject({ create: 4, update: 0, unlist: 0, blocked: 1 });

    r = yimen(['publish', '--json'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).counts).toMatchObject({ create: 4, failed: 0 });

    r = yimen(['plan', '--detailed-exitcode'], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing to do');

    const store = openSqliteStore(join(ws, '.yimen', 'state.db'));
    const pubs = store.publications.list('local');
    expect(pubs).toHaveLength(4);
    expect(pubs.every((p) => p.status === 'listed' && p.url?.startsWith('https://sfb.example.gov.cn/service/'))).toBe(true);
    // a service without a catalog code is published under its external id
    expect(pubs.find((p) => p.serviceId.endsWith('3'))!.url).toBe(`https://sfb.example.gov.cn/service/${pubs.find((p) => p.serviceId.endsWith('3'))!.externalId}`);
    expect(store.localCatalog.list().filter((i) => i.status === 'listed')).toHaveLength(4);
    expect(store.events.list({ action: 'publish' }).length).toBeGreaterThanOrEqual(5);
    store.close();

    // service 1 renamed, service 2 now merged → update + unlist
    seed(ws, 4, { rename: (i) => (i === 1 ? '新名称' : undefined), action: (i) => (i === 2 ? 'merge' : 'migrate') });
    r = yimen(['plan', '--json'], { cwd: ws });
    plan = json(r.stdout);
    expect(plan.counts).toMatchObject({ create: 0, update: 1, unlist: 1 });
    r = yimen(['publish', '--json'], { cwd: ws });
    expect(json(r.stdout).counts).toMatchObject({ update: 1, unlist: 1 });
    const s2 = openSqliteStore(join(ws, '.yimen', 'state.db'));
    expect(s2.localCatalog.list().filter((i) => i.status === 'listed')).toHaveLength(3);
    expect((s2.localCatalog.get('demo-000000000001')!.body as { name: string }).name).toBe('新名称');
    expect(s2.publications.get('demo-000000000002', 'local')!.status).toBe('unlisted');
    s2.close();
  });

  it('refuses a saved plan once the state changed', () => {
    const ws = makeWorkspace();
    seed(ws, 3);
    let r = yimen(['plan', '--out', 'p1.json'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    r = yimen(['plan', '--out', 'p2.json'], { cwd: ws });
    r = yimen(['publish', '--plan', 'p1.json', '--json'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).counts.create).toBe(3);
    r = yimen(['publish', '--plan', 'p2.json'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_PLAN_STALE');
  });

  it('a live lock stops a second run; unlock breaks a stale one by id', () => {
    const ws = makeWorkspace();
    seed(ws, 2);
    // a lock held by this (live) test process
    const lock = { id: 'abc-123', pid: process.pid, host: hostname(), actor: 'someone', operation: 'publish → local', started: new Date().toISOString() };
    writeFileSync(join(ws, '.yimen', 'lock.json'), JSON.stringify(lock));
    let r = yimen(['publish'], { cwd: ws });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('E_LOCKED');
    expect(r.stderr).toContain('yimen unlock abc-123');
    r = yimen(['unlock', 'wrong-id'], { cwd: ws });
    expect(r.code).toBe(2);
    r = yimen(['unlock', 'abc-123'], { cwd: ws });
    expect(r.code).toBe(1); // its process still runs
    r = yimen(['unlock', 'abc-123', '--force'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(ws, '.yimen', 'lock.json'))).toBe(false);
    // a lock of a dead process is stale: broken automatically, with an event
    writeFileSync(join(ws, '.yimen', 'lock.json'), JSON.stringify({ ...lock, pid: 2 ** 22 + 12345 }));
    r = yimen(['publish', '--json'], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).brokeLock.id).toBe('abc-123');
    expect(readFileSync(join(ws, '.yimen', 'state.db')).length).toBeGreaterThan(0);
  });
});
