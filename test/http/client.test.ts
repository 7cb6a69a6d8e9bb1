import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, HttpError, parseRetryAfter, backoffMs, TokenBucket, Redactor, resetPolicyLog } from '../../src/http/index.js';

const BASE = 'http://api.example.test';

function recorder() {
  const waits: number[] = [];
  const lines: string[] = [];
  return {
    waits,
    lines,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    logger: { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`) },
  };
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  nock.cleanAll();
  resetPolicyLog();
});

describe('http client', () => {
  it('retries a 429 after the Retry-After seconds it was given', async () => {
    const r = recorder();
    nock(BASE).get('/items').reply(429, 'slow down', { 'Retry-After': '3' }).get('/items').reply(200, { ok: 1 });
    const c = createHttpClient({ baseURL: BASE, sleep: r.sleep, logger: r.logger });
    const res = await c.get<{ ok: number }>('/items');
    expect(res.data).toEqual({ ok: 1 });
    expect(res.attempts).toBe(2);
    expect(r.waits).toEqual([3000]);
    expect(r.lines.some((l) => l.startsWith('warn') && l.includes('429') && l.includes('Retry-After 3'))).toBe(true);
  });

  it('honours Retry-After as an HTTP date, capped by the maximum wait', async () => {
    const r = recorder();
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const later = new Date(t0 + 3600_000).toUTCString();
    nock(BASE).get('/x').reply(503, '', { 'Retry-After': later }).get('/x').reply(200, []);
    const c = createHttpClient({ baseURL: BASE, sleep: r.sleep, now: () => t0, retry: { maxRetryAfterMs: 10_000 } });
    await c.get('/x');
    expect(r.waits).toEqual([10_000]);
    expect(parseRetryAfter(new Date(t0 + 5000).toUTCString(), t0)).toBe(5000);
    expect(parseRetryAfter('nonsense')).toBeUndefined();
  });

  it('rides out a burst of 500s with growing, jittered backoff', async () => {
    const r = recorder();
    nock(BASE).get('/b').times(3).reply(500, { title: 'boom' }).get('/b').reply(200, { fine: true });
    const c = createHttpClient({ baseURL: BASE, sleep: r.sleep, retry: { baseDelayMs: 100, retries: 4 }, random: () => 1 });
    const res = await c.get('/b');
    expect(res.attempts).toBe(4);
    expect(r.waits).toEqual([100, 200, 400]);
    expect(backoffMs(1, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 0)).toBe(50);
    expect(backoffMs(10, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 1)).toBe(1000);
  });

  it('gives up after the retries with the server\'s problem detail', async () => {
    const r = recorder();
    nock(BASE)
      .get('/down')
      .times(3)
      .reply(503, { type: 'about:blank', title: 'Service Unavailable', detail: 'maintenance until 02:00' }, { 'Content-Type': 'application/problem+json' });
    const c = createHttpClient({ baseURL: BASE, sleep: r.sleep, retry: { retries: 2 } });
    const e = (await c.get('/down').catch((x) => x)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e.status).toBe(503);
    expect(e.attempts).toBe(3);
    expect(e.problem?.detail).toBe('maintenance until 02:00');
    expect(e.message).toContain('maintenance until 02:00');
  });

  it('does not retry a 400 or a POST without an idempotency key', async () => {
    const r = recorder();
    nock(BASE).get('/bad').reply(400, { message: 'page must be a number' });
    nock(BASE).post('/create').reply(503, 'busy');
    const c = createHttpClient({ baseURL: BASE, sleep: r.sleep });
    const e1 = (await c.get('/bad').catch((x) => x)) as HttpError;
    expect(e1.status).toBe(400);
    expect(e1.message).toContain('page must be a number');
    const e2 = (await c.post('/create', { a: 1 }).catch((x) => x)) as HttpError;
    expect(e2.status).toBe(503);
    expect(e2.attempts).toBe(1);
    expect(r.waits).toEqual([]);
    nock(BASE).post('/create').reply(503, 'busy').post('/create').reply(201, { id: 'x' });
    const ok = await c.post('/create', { a: 1 }, { headers: { 'Idempotency-Key': 'k1' } });
    expect(ok.status).toBe(201);
  });

  it('follows a redirect on a read, never on a write', async () => {
    nock(BASE).get('/old').reply(301, '', { Location: `${BASE}/new` }).get('/new').reply(200, { ok: 1 });
    nock(BASE).put('/services/a').reply(307, '', { Location: 'http://elsewhere.example.test/services/a' });
    const c = createHttpClient({ baseURL: BASE, sleep: async () => {} });
    expect((await c.get<{ ok: number }>('/old')).data).toEqual({ ok: 1 });
    const e = (await c.put('/services/a', { name: 'x' }, { headers: { 'Idempotency-Key': 'k' } }).catch((x) => x)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e.status).toBe(307);
    expect(nock.isDone()).toBe(true); // nothing was sent to elsewhere.example.test (no interceptor for it)
  });

  it('retries a timeout, then reports it clearly', async () => {
    const r = recorder();
    nock(BASE).get('/slow').times(2).delay(300).reply(200, {});
    const c = createHttpClient({ baseURL: BASE, sleep: r.sleep, timeoutMs: 50, retry: { retries: 1 } });
    const e = (await c.get('/slow').catch((x) => x)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e.code).toBe('E_HTTP_TIMEOUT');
    expect(e.message).toContain('timed out after 0.05 s');
    expect(e.attempts).toBe(2);
  });

  it('retries a dropped connection (real socket on loopback)', async () => {
    nock.enableNetConnect('127.0.0.1');
    let n = 0;
    const server = createServer((req, res) => {
      if (++n === 1) return req.socket.destroy();
      res.setHeader('Content-Type', 'application/json');
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const r = recorder();
      const c = createHttpClient({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sleep: r.sleep });
      const res = await c.get('/drop');
      expect(res.data).toEqual({ ok: true });
      expect(res.attempts).toBe(2);
      expect(r.waits.length).toBe(1);
    } finally {
      server.close();
      nock.disableNetConnect();
    }
  });

  it('says malformed JSON is malformed, without retrying', async () => {
    nock(BASE).get('/html').reply(200, '<html>login</html>');
    const c = createHttpClient({ baseURL: BASE });
    const e = (await c.get('/html').catch((x) => x)) as HttpError;
    expect(e.code).toBe('E_HTTP_BAD_JSON');
    expect(e.message).toContain('not valid JSON');
    expect(e.attempts).toBe(1);
  });

  it('explains a 401 and never shows the token', async () => {
    const secret = 'sk-live-0123456789abcdef';
    const r = recorder();
    nock(BASE).get('/me').query(true).reply(401, { message: `token ${secret} expired` });
    const c = createHttpClient({ baseURL: BASE, secretValues: [secret], headers: { Authorization: `Bearer ${secret}` }, authHint: 'check $WUJIANG_TOKEN', logger: r.logger });
    const e = (await c.get('/me', { params: { access_token: secret, page: 1 } }).catch((x) => x)) as HttpError;
    expect(e.code).toBe('E_HTTP_UNAUTHORIZED');
    expect(e.message).toContain('401');
    expect(e.message).toContain('credentials were refused');
    expect(e.hint).toBe('check $WUJIANG_TOKEN');
    const everything = JSON.stringify({ m: e.message, h: e.hint, d: e.details, b: e.body, r: e.request, lines: r.lines });
    expect(everything).not.toContain(secret);
    expect(e.request.headers.Authorization).toBe('***');
    expect(e.request.url).toContain('access_token=***');
    expect(e.request.url).toContain('page=1');
  });

  it('logs the effective policy once', async () => {
    const r = recorder();
    nock(BASE).get('/p').times(3).reply(200, {});
    const c = createHttpClient({ baseURL: BASE, logger: r.logger, name: 'test', concurrency: 2, rateLimit: 100 });
    await c.get('/p');
    await c.get('/p');
    const c2 = createHttpClient({ baseURL: BASE, logger: r.logger, name: 'test', concurrency: 2, rateLimit: 100 });
    await c2.get('/p');
    const policy = r.lines.filter((l) => l.includes('http policy'));
    expect(policy).toHaveLength(1);
    expect(policy[0]).toContain('concurrency 2');
    expect(policy[0]).toContain('100/s shared');
  });

  it('shares one rate budget across concurrent requests and caps concurrency', async () => {
    const r = recorder();
    let inFlight = 0;
    let maxInFlight = 0;
    nock(BASE)
      .get(/\/c\/\d+/)
      .times(10)
      .reply(async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((res) => setTimeout(res, 5));
        inFlight--;
        return [200, '{}'];
      });
    let t = 0;
    const c = createHttpClient({ baseURL: BASE, sleep: r.sleep, concurrency: 3, rateLimit: { perSecond: 2, burst: 2 }, now: () => t });
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.get(`/c/${i}`)));
    expect(maxInFlight).toBeLessThanOrEqual(3);
    // 2 free tokens, then 8 reservations at 2/s: waits of 500 ms, 1000 ms, … for the clock never moves
    expect(r.waits.length).toBe(8);
    expect(Math.max(...r.waits)).toBeGreaterThanOrEqual(3500);
    expect(c.stats().rateWaitMs).toBeGreaterThan(0);
  });

  it('token bucket refills with time', () => {
    let t = 0;
    const b = new TokenBucket(10, 1, () => t);
    expect(b.reserve()).toBe(0);
    expect(b.reserve()).toBe(100);
    t = 1000;
    expect(b.reserve()).toBe(0);
  });

  it('redactor masks fields in bodies, URLs and free text', () => {
    const red = new Redactor(['idCard'], ['hunter2hunter2']);
    expect(red.body({ user: 'a', password: 'p', nested: { idCard: '3205', note: 'pw hunter2hunter2' } })).toEqual({
      user: 'a',
      password: '***',
      nested: { idCard: '***', note: 'pw ***' },
    });
    expect(red.url('https://u:pw@h.example/x?token=abc&q=1')).toBe('https://***:***@h.example/x?token=***&q=1');
    expect(red.text('Authorization: Bearer abc.def.ghi')).toBe('Authorization: Bearer ***');
  });
});
