// rest-json on hostile answers (a real server on loopback): clear errors, kept rows, never a stack trace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { restJsonAdapter } from '../../adapters/rest-json/index.js';
import { read } from './helpers.js';
import { tempDir } from '../helpers/cli.js';

let server: Server;
let base: string;
const BODIES: Record<string, string> = {
  '/invalid': '{"data": {"list": [ {"id": 1,, ] }',
  '/notalist': '{"data": {"list": {"id": 1}}}',
  '/mixed': JSON.stringify({ data: { list: [{ id: 1 }, 'text', null, [1], { name: 'no id' }, { id: 2 }, { id: 3 }] } }),
  '/d/1': '{"data": [1, 2]}',
  '/d/2': '<html>502 Bad Gateway</html>',
  '/groups': JSON.stringify({ data: { groups: [{ items: [{ id: 1 }] }, { items: [{ meta: { code: 'B' } }] }, { items: [] }] } }),
  '/d/3': JSON.stringify({ data: { id: 3, visits: '4,731次' } }),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = BODIES[path];
    if (body === undefined) {
      res.statusCode = 404;
      return res.end();
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server?.close());

const cfg = (path: string, extra: Record<string, unknown> = {}) => ({ baseUrl: base, streams: [{ path, records: 'data.list', key: 'id', ...extra }] });

describe('rest-json: hostile answers', () => {
  it('a body that is not JSON is a clear error naming the stream, not a stack trace', async () => {
    const e = await read(restJsonAdapter, cfg('/invalid'), tempDir()).catch((x: Error) => x);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/\/invalid.*JSON/i);
    expect((e as Error).message).not.toMatch(/\n\s+at /);
  });

  it('a record list that is not a list is an error, never 0 records silently', async () => {
    const e = await read(restJsonAdapter, cfg('/notalist'), tempDir()).catch((x: Error) => x);
    expect((e as Error).message).toContain('no record array at "data.list" (found object)');
  });

  it('rows that are not objects or have no key are quarantined with their raw value and locator; the rest are read', async () => {
    const r = await read(restJsonAdapter, cfg('/mixed'), tempDir());
    expect(r.of('services').map((s) => s.key)).toEqual(['1', '2', '3']);
    expect(r.quarantined.map((q) => [q.locator, q.reason, q.raw])).toEqual([
      ['/mixed page 1 [1]', 'the record is not an object', 'text'],
      ['/mixed page 1 [2]', 'the record is not an object', null],
      ['/mixed page 1 [3]', 'the record is not an object', [1]],
      ['/mixed page 1 [4]', 'no key at "id"', { name: 'no id' }],
    ]);
  });

  it('details that are not objects or not JSON keep the list row, each with a warning', async () => {
    const r = await read(restJsonAdapter, cfg('/mixed', { detail: { path: '/d/{id}', records: 'data' } }), tempDir());
    expect(r.of('services').map((s) => s.data)).toEqual([{ id: 1 }, { id: 2 }, { id: 3, visits: '4,731次' }]);
    const warns = r.messages.filter((m) => m.type === 'log' && m.level === 'warn').map((m) => (m as { message: string }).message);
    expect(warns).toHaveLength(2);
    expect(warns[0]).toContain('/mixed page 1 [0]: the detail /d/1 has no object at "data"');
    expect(warns[1]).toContain('/mixed page 1 [5]: the detail /d/2');
  });

  it('field paths in rest-json too: records from several groups (wildcard), a key by alternatives', async () => {
    const r = await read(restJsonAdapter, { baseUrl: base, streams: [{ path: '/groups', records: 'data.groups[*].items', key: 'id|meta.code' }] }, tempDir());
    expect(r.of('services').map((x) => [x.key, x.locator])).toEqual([
      ['1', '/groups page 1 [0]'],
      ['B', '/groups page 1 [1]'],
    ]);
    expect(restJsonAdapter.spec.safeParse({ baseUrl: base, streams: [{ path: '/x', key: 'a[' }] }).success).toBe(false);
  });
});
