// `catalog serve` semantics, in process over real loopback HTTP: idempotent replay, key reuse → 422,
// 429 with Retry-After, problem+json errors, paging, unlist, faults after commit.
import { describe, it, expect, afterEach } from 'vitest';
import { startCatalogServer, type CatalogServer } from '../../src/catalog/server/index.js';

let srv: CatalogServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const body = (id: string, name = '事项') => ({ externalId: id, appId: 'demo', name });
async function put(url: string, id: string, b: unknown, key?: string) {
  const r = await fetch(`${url}/services/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(b),
  });
  return { status: r.status, headers: r.headers, json: (await r.json()) as any };
}

describe('catalog serve', () => {
  it('creates, updates, replays the first answer for a key, refuses a reused key with another body', async () => {
    srv = await startCatalogServer();
    let r = await put(srv.url, 'a-1', body('a-1'), 'key-000001');
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ externalId: 'a-1', code: 'a-1', status: 'listed', version: '1' });
    r = await put(srv.url, 'a-1', body('a-1'), 'key-000001');
    expect(r.status).toBe(201);
    expect(r.headers.get('idempotent-replayed')).toBe('true');
    expect(r.json.version).toBe('1');
    r = await put(srv.url, 'a-1', body('a-1', '别的'), 'key-000001');
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    r = await put(srv.url, 'a-1', { ...body('a-1', '新名'), catalogCode: '320000000001' }, 'key-000002');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ version: '2', code: '320000000001' });
    // no key on a write
    r = await put(srv.url, 'a-1', body('a-1'));
    expect(r.status).toBe(400);
    expect(r.json.detail).toContain('Idempotency-Key');
    // the body's external id must be the path's
    r = await put(srv.url, 'a-2', body('a-1'), 'key-000003');
    expect(r.status).toBe(422);
  });

  it('unlists, answers 404 as problem+json, pages services and base catalog items', async () => {
    srv = await startCatalogServer({ items: Array.from({ length: 5 }, (_, i) => ({ code: `C${i}`, name: `item ${i}` })) });
    for (let i = 0; i < 3; i++) await put(srv.url, `s-${i}`, body(`s-${i}`), `key-put-${i}`);
    let r = await fetch(`${srv.url}/services/s-1/unlist`, { method: 'POST', headers: { 'idempotency-key': 'key-unlist-1' } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as any).status).toBe('unlisted');
    r = await fetch(`${srv.url}/services/nope`);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    const page = (await (await fetch(`${srv.url}/services?status=listed&pageSize=1&page=2`)).json()) as any;
    expect(page).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(page.items[0].externalId).toBe('s-2');
    const items = (await (await fetch(`${srv.url}/catalog/items?pageSize=2&page=3`)).json()) as any;
    expect(items).toMatchObject({ total: 5, page: 3 });
    expect(items.items.map((i: any) => i.code)).toEqual(['C4']);
    expect(((await (await fetch(`${srv.url}/catalog/items?page=9`)).json()) as any).items).toEqual([]);
    expect((await fetch(`${srv.url}/catalog/items?pageSize=5000`)).status).toBe(400);
  });

  it('answers 429 with Retry-After over the rate limit', async () => {
    srv = await startCatalogServer({ rateLimit: 3 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${srv.url}/services/x`);
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(srv.stats.rateLimited).toBe(statuses.filter((s) => s === 429).length);
  });

  it('a fault after the commit loses the answer, not the write: the retry with the same key is a replay', async () => {
    // first roll: 0.6 < errorRate 0.8 but ≥ 0.4 → the write is applied, then a 500
    const rolls = [0.6, 0.99];
    srv = await startCatalogServer({ errorRate: 0.8, random: () => rolls.shift() ?? 0.99 });
    let r = await put(srv.url, 'f-1', body('f-1'), 'key-fault-1');
    expect(r.status).toBe(500);
    r = await put(srv.url, 'f-1', body('f-1'), 'key-fault-1');
    expect(r.status).toBe(201);
    expect(r.headers.get('idempotent-replayed')).toBe('true');
    expect(r.json.version).toBe('1');
  });

  it('requires the bearer token when one is set', async () => {
    srv = await startCatalogServer({ token: 's3cret' });
    expect((await fetch(`${srv.url}/services/x`)).status).toBe(401);
    expect((await fetch(`${srv.url}/services/x`, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(404);
    expect((await fetch(`${srv.url}/health`)).status).toBe(200);
  });
});
