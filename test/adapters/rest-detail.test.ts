// rest-json against a real HTTP server on loopback: a detail request per listed item, bounded
// concurrency, a 404 detail kept as the list row with a warning, 429 Retry-After honoured, and
// relative links resolved against the app's site (linkBase), not the API host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { restJsonAdapter, detailPath } from '../../adapters/rest-json/index.js';
import { read } from './helpers.js';
import { tempDir } from '../helpers/cli.js';

const ITEMS = Array.from({ length: 9 }, (_, i) => ({ itemId: 500 + i, itemName: `事项${i + 1}`, h5Url: i % 2 ? `/h5/item/${500 + i}` : `https://app.example.gov.cn/h5/item/${500 + i}` }));
let server: Server;
let base: string;
let inFlight = 0;
let maxInFlight = 0;
const hits: string[] = [];
let throttled = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    hits.push(u.pathname + u.search);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (req.headers['x-api-key'] !== 'k-secret') {
      res.statusCode = 401;
      return res.end('{"code":401,"msg":"no key"}');
    }
    if (u.pathname === '/api/items') {
      const page = Number(u.searchParams.get('page'));
      const size = Number(u.searchParams.get('size'));
      return res.end(JSON.stringify({ code: 0, data: { list: ITEMS.slice((page - 1) * size, page * size) } }));
    }
    const m = /^\/api\/items\/(\d+)$/.exec(u.pathname);
    if (!m) {
      res.statusCode = 404;
      return res.end('{}');
    }
    const id = Number(m[1]);
    if (id === 503 && !throttled) {
      // once: too many requests, come back in a second
      throttled = true;
      res.statusCode = 429;
      res.setHeader('Retry-After', '1');
      return res.end('{"code":429}');
    }
    if (id === 505) {
      res.statusCode = 404;
      return res.end('{"code":404,"msg":"not found"}');
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.end(
        JSON.stringify({
          code: 0,
          data: {
            itemId: id,
            agency: { name: '示范区政务局', uscc: '11430000000000000X' },
            visits: id === 502 ? '月访问 4731' : id * 10,
            entries: [
              { type: 'h5', url: `/h5/item/${id}?from=detail` },
              { type: 'deeplink', url: `demoapp://item/${id}` },
              ...(id === 501 ? [{ type: '二维码', content: `/qr/${id}` }, { type: 'qrcode', content: '' }] : []),
            ],
          },
        }),
      );
    }, 15);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server?.close());

const config = (extra: Record<string, unknown> = {}) => ({
  baseUrl: base,
  linkBase: 'https://app.example.gov.cn/',
  auth: { type: 'apiKey', valueEnv: 'DEMO_KEY' },
  concurrency: 3,
  success: { path: 'code', equals: [0] },
  streams: [
    {
      path: '/api/items',
      records: 'data.list',
      key: 'itemId',
      pagination: { type: 'page', sizeParam: 'size', size: 4 },
      detail: { path: '/api/items/{itemId}', records: 'data' },
      entryPoints: [{ field: 'h5Url', kind: 'web', label: 'itemName' }, { each: 'entries', address: 'url|content' }],
    },
  ],
  ...extra,
});

describe('rest-json details', () => {
  it('merges each detail into its list row, bounded, in order; a 404 keeps the row with a warning; a 429 is retried after Retry-After', async () => {
    const r = await read(restJsonAdapter, config(), tempDir(), {}, { DEMO_KEY: 'k-secret' });
    expect(r.of('services').map((s) => s.key)).toEqual(ITEMS.map((i) => String(i.itemId)));
    expect(r.byKey('services', '500')!.data).toMatchObject({ itemName: '事项1', agency: { name: '示范区政务局' }, visits: 5000 });
    // text where a number belongs is passed on as written
    expect(r.byKey('services', '502')!.data.visits).toBe('月访问 4731');
    // the 429'd detail came through on retry
    expect(r.byKey('services', '503')!.data.visits).toBe(5030);
    expect(hits.filter((h) => h === '/api/items/503')).toHaveLength(2);
    // the 404 detail: the list row alone, and a warning with its locator
    expect(r.byKey('services', '505')!.data).toEqual(ITEMS[5]);
    const warn = r.messages.filter((m) => m.type === 'log' && m.level === 'warn');
    expect(warn).toEqual([expect.objectContaining({ message: expect.stringMatching(/^\/api\/items page 2 \[1\]: the detail \/api\/items\/505 could not be read \(HTTP 404\)/) })]);
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(r.quarantined).toEqual([]);
  });

  it('relative links in payloads resolve against linkBase (the app site); entries of any kind; empty entries absent', async () => {
    const r = await read(restJsonAdapter, config(), tempDir(), {}, { DEMO_KEY: 'k-secret' });
    const of = (k: string) => r.of('entryPoints').filter((e) => e.data.serviceKey === k).map((e) => [e.data.kind, e.data.address]);
    expect(of('501')).toEqual([
      ['web', 'https://app.example.gov.cn/h5/item/501'],
      ['web', 'https://app.example.gov.cn/h5/item/501?from=detail'],
      ['deeplink', 'demoapp://item/501'],
      ['qrcode', 'https://app.example.gov.cn/qr/501'],
    ]);
    expect(r.of('entryPoints').every((e) => !String(e.data.address).startsWith(base))).toBe(true);
  });

  it('without linkBase, relative links resolve against the API URL (as before)', async () => {
    const cfg = config();
    delete (cfg as Record<string, unknown>).linkBase;
    const r = await read(restJsonAdapter, cfg, tempDir(), {}, { DEMO_KEY: 'k-secret' });
    expect(r.of('entryPoints').find((e) => e.data.serviceKey === '501')!.data.address).toBe(`${base}/h5/item/501`);
  });

  it('a refused key stops the read with the hint, not a row of warnings', async () => {
    const e = await read(restJsonAdapter, config(), tempDir(), {}, { DEMO_KEY: 'wrong' }).catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect(String((e as Error).message)).toContain('401');
    expect(String((e as Error).message)).not.toContain('wrong');
  });

  it('detail paths: placeholders are field paths, URL-encoded; a row without the field is named', () => {
    expect(detailPath('/items/{itemId}/d', { itemId: 7 })).toEqual({ path: '/items/7/d' });
    expect(detailPath('/items/{meta.code}', { meta: { code: 'A/1 b' } })).toEqual({ path: '/items/A%2F1%20b' });
    expect(detailPath('/items/{id}', {})).toEqual({ missing: 'id' });
  });
});
