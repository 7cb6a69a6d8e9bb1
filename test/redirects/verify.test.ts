import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace } from '../publish/fixture.js';
import { loadWorkspace, type Workspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import type { RedirectRule } from '../../src/schema/index.js';
import { verifyRedirects, latestVerifications, expectation } from '../../src/redirects/verify.js';
import { workspaceStatus } from '../../src/status/index.js';
import { NGINX, startNginx, type RunningNginx } from './verify-nginx.js';
import { tempDir } from '../helpers/cli.js';

const OLD = 'https://old.example.cn';
const SFB = 'https://sfb.example.gov.cn';
let n = 0;
const rule = (path: string, action: RedirectRule['action'], destination?: string, kind: RedirectRule['kind'] = 'web'): RedirectRule => ({
  entryPointId: `demo-ep-${++n}`,
  appId: 'demo',
  kind,
  source: `${OLD}${path}`,
  action,
  destination: action === 'pending' ? undefined : (destination ?? `${SFB}/notice/demo`),
  status: action === 'redirect' ? 301 : action === 'pending' ? undefined : 410,
  reason: 'test',
});

const rules = [
  rule('/h5/1', 'redirect', `${SFB}/service/A`),
  rule('/h5/2?id=7', 'redirect', `${SFB}/service/B?from=old`),
  rule('/h5/3', 'notice'),
  rule('/h5/4', 'unresolved'),
  rule('/h5/5', 'pending'),
  rule('/qr/6', 'redirect', `${SFB}/service/C`, 'qrcode'),
  rule('/h5/broken', 'redirect', `${SFB}/service/D`), // nginx serves another Location
  rule('/h5/missing', 'redirect', `${SFB}/service/missing`), // the destination answers 404
  rule('/h5/hop', 'redirect', `${SFB}/service/hop`), // the destination redirects on
  rule('/h5/loop', 'redirect', `${SFB}/service/loop`), // the destination comes back here
  rule('/h5/notdeployed', 'notice'), // nginx has no rule: the old page answers 200
  { ...rule('/deep', 'redirect', `${SFB}/service/A`, 'deeplink'), source: 'wjapp://service/1' }, // not probed
];

const destinations = (port: number) => `
  server {
    listen 127.0.0.1:${port};
    server_name sfb.example.gov.cn;
    location = /service/missing { return 404; }
    location = /service/hop { return 301 ${SFB}/service/A; }
    location = /service/loop { return 301 ${OLD}/h5/loop; }
    location / { return 200 "new\\n"; }
  }`;

describe.skipIf(!existsSync(NGINX))('redirects verify against a real nginx', () => {
  let nginx: RunningNginx;
  let ws: Workspace;
  let store: Store;
  beforeAll(async () => {
    const dir = makeWorkspace();
    ws = await loadWorkspace(dir);
    store = openSqliteStore(ws.paths.db);
    store.redirects.replaceForApp('demo', rules);
    nginx = await startNginx(tempDir('yimen-nginx-'), {
      rules: rules.filter((r) => r.kind !== 'deeplink' && !r.source.endsWith('/notdeployed')),
      override: { [`${OLD}/h5/broken`]: { destination: `${SFB}/service/WRONG` } },
      extraServers: destinations,
    });
  });
  afterAll(async () => {
    store?.close();
    await nginx?.stop();
  });

  it('reports the broken rules and passes the others', async () => {
    const s = await verifyRedirects(ws, store, { actor: 't', base: nginx.base, destinationBase: nginx.base, concurrency: 4 });
    expect(s.checked).toBe(11); // the deep link is not probed
    const by = Object.fromEntries([...latestVerifications(store)].map(([, v]) => [v.url.slice(OLD.length), v]));
    expect(Object.fromEntries(Object.entries(by).map(([k, v]) => [k, v.outcome]))).toEqual({
      '/h5/1': 'ok',
      '/h5/2?id=7': 'ok',
      '/h5/3': 'ok',
      '/h5/4': 'ok',
      '/h5/5': 'ok',
      '/qr/6': 'ok',
      '/h5/broken': 'wrong-location',
      '/h5/missing': 'destination-not-200',
      '/h5/hop': 'chain',
      '/h5/loop': 'loop',
      '/h5/notdeployed': 'wrong-status',
    });
    expect(by['/h5/broken']!.location).toBe(`${SFB}/service/WRONG`);
    expect(by['/h5/broken']!.message).toContain(`${SFB}/service/D`);
    expect(by['/h5/notdeployed']!.status).toBe(200);
    expect(by['/h5/3']!.status).toBe(410);
    expect(s.byOutcome).toMatchObject({ ok: 6, 'wrong-location': 1, 'destination-not-200': 1, chain: 1, loop: 1, 'wrong-status': 1 });
    expect(s.failures).toHaveLength(5);

    // status: per app, verified ok / failed / unverified
    const st = workspaceStatus(ws, store, '2026-01-01');
    expect(st.apps[0]!.verification).toEqual({ ok: 6, failed: 5, unverified: 0 });

    // a rule that changed since its probe counts as unverified again
    store.redirects.replaceForApp('demo', rules.map((r) => (r.source.endsWith('/h5/1') ? { ...r, destination: `${SFB}/service/Z` } : r)));
    expect(workspaceStatus(ws, store, '2026-01-01').apps[0]!.verification).toEqual({ ok: 5, failed: 5, unverified: 1 });
    store.redirects.replaceForApp('demo', rules);
  });

  it('without --destination-base, a preview of the old host does not probe destinations', async () => {
    const s = await verifyRedirects(ws, store, { actor: 't', base: nginx.base, concurrency: 2 });
    expect(s.destinationsProbed).toBe(false);
    const outcomes = Object.fromEntries(s.failures.map((f) => [f.url.slice(OLD.length), f.outcome]));
    expect(outcomes).toEqual({ '/h5/broken': 'wrong-location', '/h5/notdeployed': 'wrong-status' });
  });

  it('an unreachable host is an error, not a pass', async () => {
    const s = await verifyRedirects(ws, store, { actor: 't', base: 'http://127.0.0.1:1', concurrency: 2, retries: 0, apps: ['demo'] });
    expect(s.byOutcome.error).toBe(11);
  });
});

describe('expectations', () => {
  it('maps actions to statuses', () => {
    expect(expectation(rules[0]!)).toEqual({ status: 301, location: `${SFB}/service/A` });
    expect(expectation(rules[2]!)).toEqual({ status: 410 });
    expect(expectation(rules[4]!)).toEqual({ status: 200 });
  });
});
void join;
