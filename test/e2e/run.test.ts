// The README's promise, end to end on a copy of the bundled example: one `yimen run` gives a
// status in which services migrate, merge and retire, redirect rules for the web entry points,
// the same numbers from `status --json`, and a log that says who did what.
import { describe, it, expect, beforeAll } from 'vitest';
import { exampleCopy, yimen } from '../helpers/cli.js';

describe('yimen run on examples/jiangsu', () => {
  let dir: string;
  let run: { status: { totals: Record<string, unknown>; apps: Array<Record<string, unknown>> }; redirects: { apps: Array<{ appId: string; entryPoints: number }> } };

  beforeAll(() => {
    dir = exampleCopy('jiangsu');
    const r = yimen(['run', '-w', dir, '--json'], { env: { YIMEN_ACTOR: '王工 (migration engineer)' } });
    expect([0, 3], r.stderr).toContain(r.code);
    run = JSON.parse(r.stdout);
  });

  it('prints a status table with migrate, merge and retire', () => {
    const r = yimen(['status', '-w', dir]);
    expect(r.code).toBe(0);
    for (const h of ['migrate', 'merge', 'retire', 'review', 'wujiang', '智慧吴江', 'blockers:', '江苏省苏州市 (320500): 2 app(s)', '江苏省 (320000): 4 app(s)']) expect(r.stdout).toContain(h);
    const t = run.status.totals as Record<string, number>;
    expect(t.migrate).toBeGreaterThan(0);
    expect(t.merge).toBeGreaterThan(0);
    expect(t.retire).toBeGreaterThan(0);
  });

  it('status --json gives the same numbers as the run', () => {
    const st = JSON.parse(yimen(['status', '-w', dir, '--json']).stdout);
    expect(st.totals).toEqual(run.status.totals);
    expect(st.apps).toEqual(run.status.apps);
  });

  it('plans a redirect rule for every web entry point', () => {
    const rules = JSON.parse(yimen(['redirects', 'list', '-w', dir, '--json']).stdout).rules as Array<Record<string, string>>;
    const web = rules.filter((r) => r.kind === 'web');
    expect(web.length).toBeGreaterThan(50);
    expect(web.length).toBe(run.redirects.apps.reduce((n, a) => n + a.entryPoints, 0) - rules.filter((r) => r.kind !== 'web').length);
    for (const r of web) {
      expect(['redirect', 'notice', 'pending', 'unresolved']).toContain(r.action);
      if (r.action === 'redirect') expect(r.destination).toMatch(/^https:\/\/sfb\.jszwfw\.example\.cn\//);
    }
    expect(web.some((r) => r.action === 'redirect')).toBe(true);
    expect(web.some((r) => r.action === 'notice')).toBe(true);
  });

  it('the log records each stage and who ran it', () => {
    const events = JSON.parse(yimen(['log', '-w', dir, '--json', '--limit', '1000']).stdout).events as Array<Record<string, string>>;
    const actions = new Set(events.map((e) => e.action.split('.')[0]));
    for (const a of ['catalog', 'extract', 'map', 'decide', 'publish', 'redirects']) expect([...actions].some((x) => x.startsWith(a)), a).toBe(true);
    expect(events.every((e) => e.actor === '王工 (migration engineer)')).toBe(true);
  });

  it('a second run changes no service, decision, publication or rule', () => {
    const r = yimen(['run', '-w', dir, '--json']);
    expect([0, 3]).toContain(r.code);
    const again = JSON.parse(r.stdout);
    expect(again.status.apps).toEqual(run.status.apps);
    expect(again.extract.totals).toMatchObject({ new: 0, changed: 0, removed: 0 });
    expect(again.map.totals).toMatchObject({ new: 0, changed: 0, removed: 0 });
    for (const a of again.redirects.apps) expect(a).toMatchObject({ added: 0, changed: 0, removed: 0 });
  });
});

describe('yimen run when one app cannot be read', () => {
  it('goes on with the others and exits 3 (partial success), naming the app', async () => {
    const { rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = exampleCopy('jiangsu');
    rmSync(join(dir, 'exports', 'liyang-services.csv'));
    const r = yimen(['run', '-w', dir, '--json']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/warning: extract failed for liyang/);
    const out = JSON.parse(r.stdout);
    expect(out.extract.failed).toEqual(['liyang']);
    const byId = Object.fromEntries(out.status.apps.map((a: { appId: string }) => [a.appId, a]));
    expect(byId.liyang.services).toBe(0);
    expect(byId.wujiang.services).toBeGreaterThan(30);
  });
});

describe('yimen run and Ctrl-C', () => {
  it('finishes the stage in progress, stops with exit 3, and the next run completes the same as an uninterrupted one', async () => {
    const { yimenSpawn } = await import('../helpers/cli.js');
    const dir = exampleCopy('jiangsu');
    const child = yimenSpawn(['run', '-w', dir]);
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (!sent && stderr.includes('» map')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(code, stderr).toBe(3);
    // the signal lands during map (or, on a slow machine, a later stage): that stage completes
    expect(stderr).toMatch(/error E_INTERRUPTED: interrupted before (decide|plan|publish|redirects plan):/);
    const mid = JSON.parse(yimen(['status', '-w', dir, '--json']).stdout);
    expect(mid.totals.services).toBeGreaterThan(0); // map completed
    expect(mid.totals.redirects.redirect + mid.totals.redirects.notice).toBe(0); // redirects plan never ran

    const again = yimen(['run', '-w', dir, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const clean = exampleCopy('jiangsu');
    yimen(['run', '-w', clean]);
    const pick = (st: { apps: Array<Record<string, unknown>> }) => st.apps.map(({ appId, services, migrate, merge, retire, review, published, redirects }) => ({ appId, services, migrate, merge, retire, review, published, redirects }));
    expect(pick(JSON.parse(again.stdout).status)).toEqual(pick(JSON.parse(yimen(['status', '-w', clean, '--json']).stdout)));
  });
});
