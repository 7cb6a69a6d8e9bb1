import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { restJsonAdapter, nextFromLink } from '../../adapters/rest-json/index.js';
import { read } from './helpers.js';
import { tempDir } from '../helpers/cli.js';

const BASE = 'http://wj-api.example.test';
const root = tempDir();
const svc = (id: number) => ({ id: `S${id}`, name: `事项${id}`, h5: `/h5/${id}` });

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

const cfg = (stream: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ baseUrl: `${BASE}/api`, streams: [{ path: '/services', key: 'id', ...stream }], ...extra });

describe('rest-json pagination', () => {
  it('pages on past a short page that is not the last, and stops on the empty page', async () => {
    nock(BASE)
      .get('/api/services')
      .query({ page: 1, size: 3 })
      .reply(200, { data: { items: [svc(1), svc(2)] } })
      .get('/api/services')
      .query({ page: 2, size: 3 })
      .reply(200, { data: { items: [svc(3), svc(4), svc(5)] } })
      .get('/api/services')
      .query({ page: 3, size: 3 })
      .reply(200, { data: { items: [] } });
    const r = await read(restJsonAdapter, cfg({ records: 'data.items', pagination: { type: 'page', sizeParam: 'size', size: 3 }, entryPoints: [{ field: 'h5', label: 'name' }] }), root);
    expect(r.of('services').map((x) => x.key)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    expect(r.byKey('services', 'S3')!.locator).toBe('/services page 2 [0]');
    // relative links resolve against the API URL
    expect(r.of('entryPoints')[0]!.data).toMatchObject({ kind: 'web', address: `${BASE}/h5/1`, label: '事项1', serviceKey: 'S1' });
    expect(nock.isDone()).toBe(true);
  });

  it('aborts on a repeated page', async () => {
    nock(BASE).get('/api/services').query(true).times(2).reply(200, [svc(1), svc(2)]);
    const e = await read(restJsonAdapter, cfg({ pagination: { type: 'page' } }), root).catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toContain('repeats an earlier page');
  });

  it('follows cursors and aborts on a repeated cursor', async () => {
    nock(BASE)
      .get('/api/services')
      .reply(200, { items: [svc(1)], meta: { next: 'c2' } })
      .get('/api/services')
      .query({ cursor: 'c2' })
      .reply(200, { items: [svc(2)], meta: { next: 'c3' } })
      .get('/api/services')
      .query({ cursor: 'c3' })
      .reply(200, { items: [svc(3)], meta: { next: 'c2' } });
    const e = await read(restJsonAdapter, cfg({ records: 'items', pagination: { type: 'cursor', cursorPath: 'meta.next' } }), root).catch((x: Error) => x);
    expect((e as Error).message).toContain('the cursor "c2" was already used');
  });

  it('follows a Link header and a next URL in the body; offsets advance by what came', async () => {
    nock(BASE)
      .get('/api/services')
      .reply(200, [svc(1)], { Link: `<${BASE}/api/services?p=2>; rel="next", <${BASE}/api/services?p=9>; rel="last"` })
      .get('/api/services')
      .query({ p: '2' })
      .reply(200, [svc(2)]);
    const link = await read(restJsonAdapter, cfg({ pagination: { type: 'link' } }), root);
    expect(link.of('services').map((x) => x.key)).toEqual(['S1', 'S2']);

    nock(BASE)
      .get('/api/services')
      .reply(200, { results: [svc(1)], next: '/api/services?after=1' })
      .get('/api/services')
      .query({ after: '1' })
      .reply(200, { results: [svc(2)], next: null });
    const next = await read(restJsonAdapter, cfg({ records: 'results', pagination: { type: 'next', nextPath: 'next' } }), root);
    expect(next.of('services').map((x) => x.key)).toEqual(['S1', 'S2']);

    nock(BASE)
      .get('/api/services')
      .query({ offset: 0, limit: 2 })
      .reply(200, [svc(1)])
      .get('/api/services')
      .query({ offset: 1, limit: 2 })
      .reply(200, [svc(2), svc(3)])
      .get('/api/services')
      .query({ offset: 3, limit: 2 })
      .reply(200, []);
    const off = await read(restJsonAdapter, cfg({ pagination: { type: 'offset', size: 2 } }), root);
    expect(off.of('services').map((x) => x.key)).toEqual(['S1', 'S2', 'S3']);
    expect(nextFromLink('<https://a/b?page=3>; rel="prev", <https://a/b?page=5>; rel="next"')).toBe('https://a/b?page=5');
  });

  it('stops at the page cap with a clear error', async () => {
    nock(BASE).get('/api/services').query(true).times(3).reply((uri) => [200, [svc(Number(new URL(uri, BASE).searchParams.get('page')))]]);
    const e = await read(restJsonAdapter, cfg({ pagination: { type: 'page' }, maxPages: 3 }), root).catch((x: Error) => x);
    expect((e as Error).message).toContain('page cap (3 pages)');
  });

  it('quarantines records without a key or that are not objects', async () => {
    nock(BASE).get('/api/services').reply(200, [svc(1), { name: 'no id' }, 'text']);
    const r = await read(restJsonAdapter, cfg({}), root);
    expect(r.of('services')).toHaveLength(1);
    expect(r.quarantined.map((q) => [q.locator, q.reason])).toEqual([
      ['/services page 1 [1]', 'no key at "id"'],
      ['/services page 1 [2]', 'the record is not an object'],
    ]);
  });
});

describe('rest-json errors', () => {
  it('rides out 429 with Retry-After and a burst of 500s', async () => {
    nock(BASE)
      .get('/api/services')
      .reply(429, '', { 'Retry-After': '0' })
      .get('/api/services')
      .times(2)
      .reply(500, 'oops', { 'Retry-After': '0' })
      .get('/api/services')
      .reply(200, [svc(1)]);
    const r = await read(restJsonAdapter, cfg({}), root);
    expect(r.of('services')).toHaveLength(1);
    expect(r.logs.filter((l) => l.startsWith('warn') && l.includes('retry'))).toHaveLength(3);
  });

  it('treats an error code in a 200 answer as an error, with the API\'s message', async () => {
    nock(BASE).get('/api/services').reply(200, { code: 40101, msg: '令牌已过期', data: null });
    const e = await read(restJsonAdapter, cfg({ records: 'data.list' }, { success: { path: 'code', message: 'msg' } }), root).catch((x: Error) => x);
    expect((e as Error).message).toBe('stream services: /services page 1: the API answered code 40101: 令牌已过期');
    nock(BASE).get('/api/services').reply(200, { code: 0, data: { list: [svc(1)] } });
    const ok = await read(restJsonAdapter, cfg({ records: 'data.list' }, { success: { path: 'code' } }), root);
    expect(ok.of('services')).toHaveLength(1);
  });

  it('says malformed JSON is malformed', async () => {
    nock(BASE).get('/api/services').reply(200, '{"items": [1, 2');
    const e = await read(restJsonAdapter, cfg({}), root).catch((x: Error) => x);
    expect((e as Error).message).toContain('not valid JSON');
  });

  it('explains a 401 and names the environment variable, never the token', async () => {
    const token = 'tok-9f8e7d6c5b4a';
    nock(BASE).get('/api/services').matchHeader('authorization', `Bearer ${token}`).reply(401, { error: 'invalid_token' });
    const c = restJsonAdapter.spec.parse(cfg({}, { auth: { type: 'bearer', tokenEnv: 'WJ_TOKEN' } }));
    const res = await restJsonAdapter.check(c, { root, appId: 'wj', env: { WJ_TOKEN: token }, log: { info() {}, warn() {} } });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toContain('401 Unauthorized');
    expect(!res.ok && res.reason).toContain('credentials were refused');
    expect(!res.ok && res.hint).toContain('$WJ_TOKEN');
    expect(JSON.stringify(res)).not.toContain(token);
  });

  it('fails the check clearly when the secret is not in the environment', async () => {
    const c = restJsonAdapter.spec.parse(cfg({}, { auth: { type: 'apiKey', in: 'query', name: 'appkey', valueEnv: 'WJ_KEY' } }));
    const res = await restJsonAdapter.check(c, { root, appId: 'wj', env: {}, log: { info() {}, warn() {} } });
    expect(res).toMatchObject({ ok: false, reason: 'API key: environment variable WJ_KEY is not set' });
  });

  it('sends an API key in the query and basic auth, redacting both in errors', async () => {
    nock(BASE).get('/api/services').query({ appkey: 'k-123456789' }).reply(404, 'no such path');
    const e = (await read(restJsonAdapter, cfg({}, { auth: { type: 'apiKey', in: 'query', name: 'appkey', valueEnv: 'K' } }), root, {}, { K: 'k-123456789' }).catch((x) => x)) as Error;
    expect(e.message).toContain('404');
    expect(e.message).toContain('appkey=***');
    expect(e.message).not.toContain('k-123456789');
    nock(BASE).get('/api/services').basicAuth({ user: 'u', pass: 'p4ssw0rd' }).reply(200, [svc(1)]);
    const ok = await read(restJsonAdapter, cfg({}, { auth: { type: 'basic', usernameEnv: 'U', passwordEnv: 'P' } }), root, {}, { U: 'u', P: 'p4ssw0rd' });
    expect(ok.of('services')).toHaveLength(1);
  });

  it('keeps the incremental state of two endpoints of one stream apart', async () => {
    const inc = { incremental: { param: 'since', cursorField: 'updatedAt' } };
    const c = { baseUrl: `${BASE}/api`, streams: [{ path: '/a', key: 'id', ...inc }, { path: '/b', key: 'id', ...inc }] };
    nock(BASE).get('/api/a').reply(200, [{ id: 'A1', updatedAt: '2025-01-01' }]).get('/api/b').reply(200, [{ id: 'B1', updatedAt: '2025-02-02' }]);
    const first = await read(restJsonAdapter, c, root);
    expect(first.state.services).toEqual({ '/a': { since: '2025-01-01' }, '/b': { since: '2025-02-02' } });
    nock(BASE).get('/api/a').query({ since: '2025-01-01' }).reply(200, []).get('/api/b').query({ since: '2025-02-02' }).reply(200, []);
    const again = await read(restJsonAdapter, c, root, first.state);
    expect(again.records).toHaveLength(0);
    expect(nock.isDone()).toBe(true);
  });

  it('gets an OAuth2 client-credentials token first, and never shows the secret', async () => {
    nock('http://auth.example.test')
      .post('/oauth/token', (body) => body.grant_type === 'client_credentials' && body.client_id === 'app1' && body.client_secret === 's3cr3t-value')
      .reply(200, { access_token: 'at-0123456789', expires_in: 7200 });
    nock(BASE).get('/api/services').matchHeader('authorization', 'Bearer at-0123456789').reply(200, [svc(1)]);
    const auth = { type: 'oauth2', tokenUrl: 'http://auth.example.test/oauth/token', clientIdEnv: 'CID', clientSecretEnv: 'CSECRET' };
    const r = await read(restJsonAdapter, cfg({}, { auth }), root, {}, { CID: 'app1', CSECRET: 's3cr3t-value' });
    expect(r.of('services')).toHaveLength(1);
    nock('http://auth.example.test').post('/oauth/token').reply(401, { error: 'invalid_client', error_description: 'bad secret s3cr3t-value' });
    const c = restJsonAdapter.spec.parse(cfg({}, { auth }));
    const res = await restJsonAdapter.check(c, { root, appId: 'wj', env: { CID: 'app1', CSECRET: 's3cr3t-value' }, log: { info() {}, warn() {} } });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toContain('getting a token');
    expect(!res.ok && res.hint).toContain('$CSECRET');
    expect(JSON.stringify(res)).not.toContain('s3cr3t-value');
  });

  it('reads incrementally with an updated-since parameter and saves the newest value as state', async () => {
    nock(BASE)
      .get('/api/services')
      .reply(200, [{ ...svc(1), updatedAt: '2025-01-02' }, { ...svc(2), updatedAt: '2025-03-01' }])
      .get('/api/services')
      .query({ since: '2025-03-01' })
      .reply(200, []);
    const c = cfg({ incremental: { param: 'since', cursorField: 'updatedAt' } });
    const first = await read(restJsonAdapter, c, root);
    expect(first.state.services).toEqual({ '/services': { since: '2025-03-01' } });
    const again = await read(restJsonAdapter, c, root, first.state);
    expect(again.records).toHaveLength(0);
    expect(again.state.services).toEqual({ '/services': { since: '2025-03-01' } });
  });
});
