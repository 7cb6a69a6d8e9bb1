// rest-json on answers that used to be read wrong without a word (a real server on loopback):
// GBK bodies, ids beyond 2^53, a detail endpoint that ignores its id, nulls in a detail DTO, and
// an error envelope around an empty page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { restJsonAdapter, decodeBody } from '../../adapters/rest-json/index.js';
import { parseJson } from '../../src/sdk/index.js';
import { read } from './helpers.js';
import { tempDir } from '../helpers/cli.js';

/** 社保查询 in GBK */
const SHEBAO_GBK = Buffer.from([0xc9, 0xe7, 0xb1, 0xa3, 0xb2, 0xe9, 0xd1, 0xaf]);
const gbkBody = Buffer.concat([Buffer.from('{"data":[{"id":"S1","name":"'), SHEBAO_GBK, Buffer.from('"}]}')]);
const BIG = '[{"id":1234567890123456789,"name":"甲"},{"id":1234567890123456788,"name":"乙"}]';

let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    hits.push(u.pathname + u.search);
    const json = (v: unknown) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(typeof v === 'string' ? v : JSON.stringify(v));
    };
    const page = u.searchParams.get('page');
    switch (u.pathname) {
      case '/gbk':
        res.setHeader('Content-Type', 'application/json;charset=GBK');
        return res.end(gbkBody);
      case '/gbk-undeclared':
        res.setHeader('Content-Type', 'application/json');
        return res.end(gbkBody);
      case '/big':
        return json(BIG);
      case '/big-detail/1234567890123456789':
        return json({ data: { id: 1234567890123456789n.toString(), agency: '甲局' } });
      case '/list':
        return json([{ id: 'A', name: '甲' }, { id: 'B', name: '乙' }]);
      case '/detail':
        // ignores ?id= (the API wants ?itemId=): always the first item
        return json({ data: { id: 'A', name: '甲', agency: '甲局' } });
      case '/dto/A':
      case '/dto/B':
        return json({ data: { id: null, name: null, agency: '示范区政务局', phone: null } });
      case '/busy':
        return json(page === '1' ? { code: 0, msg: 'ok', data: { list: [{ id: 'A' }] } } : { code: 500, msg: '系统繁忙', data: { list: [] } });
      case '/nosuccess':
        return json({ success: false, message: '会话超时', result: { records: [] } });
      case '/zero-based': {
        // pages counted from 0, two a page, the total as text
        const all = ['A', 'B', 'C', 'D', 'E'].map((id) => ({ id }));
        return json({ code: 0, data: { total: '5', list: all.slice(Number(page) * 2, Number(page) * 2 + 2) } });
      }
      case '/clamped': {
        // PageHelper `reasonable`: a page past the end answers the last page again
        const all = ['A', 'B', 'C'].map((id) => ({ id }));
        const n = Math.min(Number(page), 2);
        return json({ code: 0, data: { total: 3, list: all.slice((n - 1) * 2, n * 2) } });
      }
      case '/growing':
        return json({ data: { total: page === '1' ? 2 : 3, list: page === '1' ? [{ id: 'A' }, { id: 'B' }] : page === '2' ? [{ id: 'C' }] : [] } });
      case '/thinkphp':
        return json(page === '1' ? { code: 1, msg: '获取成功', data: [{ id: 'A' }] } : { code: 1, msg: '获取成功', data: [] });
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server?.close());

const run = (stream: Record<string, unknown>, extra: Record<string, unknown> = {}) => read(restJsonAdapter, { baseUrl: base, streams: [{ key: 'id', ...stream }], ...extra }, tempDir());
const warnings = (r: Awaited<ReturnType<typeof run>>) => r.messages.filter((m) => m.type === 'log' && m.level === 'warn').map((m) => (m as { message: string }).message);

describe('rest-json: answers once read wrong silently', () => {
  it('a GBK body is read as GBK, declared or not (a guess is a warning), never as U+FFFD', async () => {
    const declared = await run({ path: '/gbk', records: 'data' });
    expect(declared.byKey('services', 'S1')!.data.name).toBe('社保查询');
    expect(warnings(declared)).toEqual([]);
    const guessed = await run({ path: '/gbk-undeclared', records: 'data' });
    expect(guessed.byKey('services', 'S1')!.data.name).toBe('社保查询');
    expect(warnings(guessed)).toEqual(['stream services: /gbk-undeclared: the answer names no charset and is not UTF-8: read as GB18030']);
    // a BOM decides; a wrong charset=utf-8 is caught; bytes valid in nothing are a warning
    expect(decodeBody(Buffer.from('\ufeff[1]'), 'application/json; charset=gbk')).toEqual({ text: '[1]' });
    expect(decodeBody(SHEBAO_GBK, 'application/json; charset=UTF-8').text).toBe('社保查询');
    expect(decodeBody(Buffer.from([0x5b, 0xff, 0xff, 0x5d])).note).toContain('valid in no charset');
  });

  it('ids beyond 2^53 keep all their digits: two records stay two, and their detail URLs are theirs', async () => {
    const r = await run({ path: '/big', detail: { path: '/big-detail/{id}', records: 'data' } });
    expect(r.of('services').map((x) => x.key)).toEqual(['1234567890123456789', '1234567890123456788']);
    expect(r.byKey('services', '1234567890123456789')!.data).toEqual({ id: '1234567890123456789', name: '甲', agency: '甲局' });
    expect(hits).toContain('/big-detail/1234567890123456789');
    expect(parseJson('{"a":9007199254740993,"b":"x\\"9007199254740993","c":[1.5e300,-12345678901234567890,9007199254740991]}')).toEqual({
      a: '9007199254740993',
      b: 'x"9007199254740993',
      c: [1.5e300, '-12345678901234567890', 9007199254740991],
    });
  });

  it("a detail of another item (the endpoint ignored the id) is not attached to the row", async () => {
    const r = await run({ path: '/list', detail: { path: '/detail?id={id}', records: 'data' } });
    expect(r.byKey('services', 'A')!.data).toEqual({ id: 'A', name: '甲', agency: '甲局' });
    expect(r.byKey('services', 'B')!.data).toEqual({ id: 'B', name: '乙' });
    expect(warnings(r)).toEqual([expect.stringContaining('/list page 1 [1]: the detail /detail?id=B is of item "A" at "id", not "B"')]);
    // the check can be turned off where the detail's field means something else
    const off = await run({ path: '/list', detail: { path: '/detail?id={id}', records: 'data', key: '' } });
    expect(off.byKey('services', 'B')!.data.agency).toBe('甲局');
  });

  it("a detail's nulls do not erase the list row's values", async () => {
    const r = await run({ path: '/list', detail: { path: '/dto/{id}', records: 'data' } });
    expect(r.byKey('services', 'B')!.data).toEqual({ id: 'B', name: '乙', agency: '示范区政务局', phone: null });
  });

  it('an empty page in an error envelope is an error, not the end of the list', async () => {
    const e = await run({ path: '/busy', records: 'data.list', pagination: { type: 'page' } }).catch((x: Error) => x);
    expect((e as Error).message).toBe('stream services: /busy page 2: an empty page whose answer says code 500: 系统繁忙 — an error, not the end of the list');
    const f = await run({ path: '/nosuccess', records: 'result.records' }).catch((x: Error) => x);
    expect((f as Error).message).toContain('says success false: 会话超时');
    // success codes of common envelopes still end the list (ThinkPHP's code 1)
    const tp = await run({ path: '/thinkphp', records: 'data', pagination: { type: 'page' } });
    expect(tp.of('services').map((x) => x.key)).toEqual(['A']);
    // with `success` configured, that decides
    const e2 = await run({ path: '/busy', records: 'data.list', pagination: { type: 'page' } }, { success: { path: 'code' } }).catch((x: Error) => x);
    expect((e2 as Error).message).toBe('stream services: /busy page 2: the API answered code 500: 系统繁忙');
  });

  it("with totalPath, an empty page before the API's total is an error; a repeated page after it is the end", async () => {
    const zero = { path: '/zero-based', records: 'data.list', pagination: { type: 'page', totalPath: 'data.total' } };
    const e = await run(zero).catch((x: Error) => x);
    expect((e as Error).message).toBe('stream services: the API says 5 records in all, but its pages held 3 — the list ended early');
    expect((e as { hint?: string }).hint).toContain('check pagination.start (1)');
    const right = await run({ ...zero, pagination: { ...zero.pagination, start: 0 } });
    expect(right.of('services').map((x) => x.key)).toEqual(['A', 'B', 'C', 'D', 'E']);
    const clamped = await run({ path: '/clamped', records: 'data.list', pagination: { type: 'page', sizeParam: 'size', size: 2, totalPath: 'data.total' } });
    expect(clamped.of('services').map((x) => x.key)).toEqual(['A', 'B', 'C']);
    const growing = await run({ path: '/growing', records: 'data.list', pagination: { type: 'page', totalPath: 'data.total' } });
    expect(growing.of('services').map((x) => x.key)).toEqual(['A', 'B', 'C']);
    expect(warnings(growing)).toEqual(['stream services: /growing page 2: the total changed from 2 to 3 during the read: records added or removed while paging may be missed or read twice']);
    const bad = await run({ path: '/zero-based', records: 'data.list', pagination: { type: 'page', totalPath: 'data.list' } }).catch((x: Error) => x);
    expect((bad as Error).message).toContain('stream services: /zero-based page 1: the total at "data.list" is');
  });
});
