// Fuzz: the rest-json reader (a real HTTP server on loopback answering generated bodies) and the
// manifest reader (generated files, JSON and YAML) on hostile payloads — wrong types, deep nesting,
// huge strings, NULs, BOMs, prototype keys (__proto__, constructor), cursor cycles, YAML that refers
// to itself. Properties: never a crash of the reader (no TypeError/RangeError, no stack trace in a
// message), a failure is one clear message, and every good record placed among the hostile ones
// comes out: a record, with its key. fast-check, seeded (FUZZ_SEED to replay).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { restJsonAdapter } from '../../adapters/rest-json/index.js';
import { manifestAdapter } from '../../adapters/manifest/index.js';
import { readAll } from 'yimen/sdk/testkit';
import type { AdapterMessage } from 'yimen/sdk';
import { tempDir } from '../helpers/cli.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
/** FUZZ_SCALE=10 for a longer hunt */
const runs = (n: number) => Math.round(n * Number(process.env.FUZZ_SCALE ?? 1));
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** hostile JSON values: prototype keys, deep nesting, huge strings, NULs, BOMs, control characters */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', '\uFEFF', '\uFEFF{"id":1}', '\u001b[31m', '\uD800', '=cmd|x!A1', '\u202e', '', ' ', 'null', '{}'),
  fc.nat({ max: 9 }).map((k) => 'x'.repeat([40_000, 1_000, 5, 5, 5, 5, 5, 5, 5, 5][k]!)),
);
const deep = fc.tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean()).map(([n, arr]) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = arr ? [v] : { id: `deep${i}`, children: [v] };
  return v;
});
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.bigInt().map((b) => Number(b)),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...PROTO_KEYS, 'id', 'name', 'url', 'children', 'items', 'menus'), fc.string({ maxLength: 6 })), tie('v'), { maxKeys: 5 }),
  ),
})).v;
const hostileItem = fc.oneof({ weight: 1, arbitrary: deep }, { weight: 6, arbitrary: hostileValue });

/** a page: good records (ids GOOD-…) placed among hostile ones */
const pageOf = fc.tuple(fc.array(hostileItem, { maxLength: 8 }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 })).map(([bad, at]) => {
  const list: unknown[] = [...bad];
  const good: string[] = [];
  at.forEach((p, i) => {
    const id = `GOOD-${i}-${p}`;
    good.push(id);
    list.splice(p % (list.length + 1), 0, { id, name: `事项${i}\u200b`, url: `https://h5.example.gov.cn/${i}` });
  });
  return { list, good };
});

/** JSON text of a value, with its prototype keys kept as own keys (JSON.parse keeps them so) */
function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return '"unserialisable"';
  }
}

/** an error a reader may end with: a message, one line, no stack trace, not an internal fault */
function clearFailure(e: unknown): void {
  expect(e).toBeInstanceOf(Error);
  const err = e as Error;
  expect(err.name, err.stack).not.toMatch(/^(TypeError|RangeError|ReferenceError|SyntaxError)$/);
  expect(err.message.length).toBeGreaterThan(0);
  expect(err.message).not.toMatch(/\n\s+at /);
  expect(err.message).not.toMatch(/Maximum call stack|Cannot read prop|is not a function|undefined \(reading/);
}

function wellFormed(messages: AdapterMessage[]): void {
  for (const m of messages) {
    if (m.type === 'quarantine') expect(m.reason.length).toBeGreaterThan(0);
    if (m.type === 'record') expect(m.key.length).toBeGreaterThan(0);
    // what the reader hands the store must be storable: JSON, no stack overflow
    if (m.type === 'record') expect(() => JSON.stringify(m.data)).not.toThrow();
    if (m.type === 'quarantine') expect(() => JSON.stringify(m.raw ?? null)).not.toThrow();
  }
}

const ctx = (root: string) => ({ root, appId: 'fuzz', env: {}, log: { info() {}, warn() {} } });

describe('rest-json fuzz (loopback server)', () => {
  let server: Server;
  let base: string;
  /** the current scenario's answers, by path + query */
  let answer: (path: string, q: URLSearchParams) => { status?: number; body: string | Buffer };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const a = answer(u.pathname, u.searchParams);
      res.statusCode = a.status ?? 200;
      res.setHeader('Content-Type', 'application/json');
      res.end(a.body);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server?.close());

  async function readRest(config: unknown): Promise<{ messages?: AdapterMessage[]; error?: unknown }> {
    try {
      const c = restJsonAdapter.spec.parse(config);
      const { messages } = await readAll(restJsonAdapter, c, ctx(tempDir()));
      return { messages };
    } catch (error) {
      return { error };
    }
  }

  it('hostile records among good ones: every good record read, every other one a record or a quarantine', async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(pageOf, fc.boolean(), async ({ list, good }, bom) => {
        count++;
        const text = (bom ? '\uFEFF' : '') + jsonText({ data: { list } });
        const sent = (JSON.parse(text.replace(/^\uFEFF/, '')) as { data?: { list?: unknown } }).data?.list;
        if (!Array.isArray(sent)) return; // too deep for the test's own JSON.stringify
        answer = () => ({ body: text });
        const r = await readRest({ baseUrl: base, retries: 0, streams: [{ path: '/list', records: 'data.list', key: 'id', entryPoints: [{ field: 'url', kind: 'web' }] }] });
        if (r.error) throw r.error;
        wellFormed(r.messages!);
        const services = r.messages!.filter((m) => m.type === 'record' && m.stream === 'services');
        const quarantined = r.messages!.filter((m) => m.type === 'quarantine');
        for (const id of good) expect(services.map((m) => (m as { key: string }).key)).toContain(id);
        expect(services.length + quarantined.length).toBe(sent.length);
      }),
      { seed: SEED, numRuns: runs(200) },
    );
    expect(count).toBe(runs(200));
  });

  it('hostile bodies (not JSON, BOM, NUL, deep, huge, wrong types): read, or one clear failure', async () => {
    const body = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      hostileValue.map(jsonText),
      deep.map((d) => jsonText({ data: { list: [d] } })),
      fc.nat({ max: 4 }).map((k) => ['[]', '{"data":{"list":null}}', '{"data":{"list":"[]"}}', '\u0000{"data":{"list":[]}}', '{"data":{"list":[{"id":"a\\u0000b"}]}}'][k]!),
      fc.integer({ min: 1000, max: 100_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
      fc.constant('{"data":{"list":[' + '{"id":1},'.repeat(1) + `{"id":"${'x'.repeat(500_000)}"}]}}`),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('data.list', '', 'data.list[*]', 'data'), async (text, records) => {
        answer = () => ({ body: text });
        const r = await readRest({ baseUrl: base, retries: 0, streams: [{ path: '/b', records, key: 'id' }] });
        if (r.error) clearFailure(r.error);
        else wellFormed(r.messages!);
      }),
      { seed: SEED, numRuns: runs(400) },
    );
  });

  it('cursor graphs with cycles, and pages that never end: each read ends, clearly', async () => {
    const graph = fc.array(fc.tuple(fc.nat({ max: 6 }), fc.option(fc.oneof(fc.nat({ max: 6 }).map(String), hostileString.map((s) => s.slice(0, 50))), { nil: undefined })), { minLength: 1, maxLength: 7 });
    await fc.assert(
      fc.asyncProperty(graph, fc.boolean(), async (pages, unique) => {
        let served = 0;
        answer = (_p, q) => {
          served++;
          const c = Number(q.get('cursor') ?? 0);
          const [n, next] = pages[Number.isFinite(c) ? c % pages.length : 0]!;
          // unique: every page's records differ, so only the cursor check can stop a cycle
          const list = Array.from({ length: n }, (_, i) => ({ id: `c${c}-${i}${unique ? `-${served}` : ''}` }));
          return { body: JSON.stringify({ data: { list }, meta: { next } }) };
        };
        const r = await readRest({ baseUrl: base, retries: 0, streams: [{ path: '/c', records: 'data.list', key: 'id', maxPages: 50, pagination: { type: 'cursor', cursorPath: 'meta.next' } }] });
        expect(served).toBeLessThanOrEqual(51);
        if (r.error) {
          clearFailure(r.error);
          expect((r.error as Error).message).toMatch(/cursor|repeats|page cap/);
        } else wellFormed(r.messages!);
      }),
      { seed: SEED, numRuns: runs(400) },
    );
  });
});

describe('manifest fuzz (files)', () => {
  const dir = tempDir('yimen-fuzz-manifest-');
  let n = 0;

  async function readManifest(text: string | Buffer, ext: string, extra: Record<string, unknown> = {}): Promise<{ messages?: AdapterMessage[]; error?: unknown }> {
    const file = `m${n++}${ext}`;
    writeFileSync(join(dir, file), text);
    try {
      const c = manifestAdapter.spec.parse({ files: [{ path: file, ...extra }] });
      const { messages } = await readAll(manifestAdapter, c, ctx(dir));
      return { messages };
    } catch (error) {
      return { error };
    }
  }

  it('hostile menu items among good ones, nested under children: every good service read', async () => {
    await fc.assert(
      fc.asyncProperty(pageOf, fc.constantFrom('.json', '.yaml'), fc.boolean(), async ({ list, good }, ext, nest) => {
        const text = jsonText({ menus: nest ? [{ name: '分组', children: list }] : list }); // JSON is YAML too
        if (text === '"unserialisable"') return; // too deep for the test's own JSON.stringify
        const r = await readManifest(text, ext);
        if (r.error) throw r.error;
        wellFormed(r.messages!);
        const keys = r.messages!.filter((m) => m.type === 'record' && m.stream === 'services').map((m) => (m as { key: string }).key);
        // a file the YAML parser cannot hold (nested thousands deep) is refused whole, clearly,
        // as incomplete: nothing is removed, the last snapshot stays
        const refused = r.messages!.find((m) => m.type === 'quarantine' && m.incomplete && /nested too deep/.test(m.reason) && !/Maximum call stack/.test(m.reason));
        if (!refused) for (const id of good) expect(keys).toContain(id);
      }),
      { seed: SEED, numRuns: runs(300) },
    );
  });

  it('hostile files (not JSON/YAML, BOM, NUL, deep, self-referring YAML, wrong types): records, quarantines, or one clear failure', async () => {
    const yamlBombs = [
      'menus: &a\n  - name: x\n    id: 1\n    children: *a\n',
      'menus:\n  - &b {name: y, id: 2, items: [*b]}\n',
      'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nmenus: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
      '!!js/function "function(){}"',
      'menus: !!binary aGVsbG8=',
      '---\nmenus: []\n---\nmenus: [{id: 1}]\n',
      'menus:\n  - id: [1, 2]\n    name: {a: 1}\n  - id: 3\n',
      'pages: &p\n  - *p\n',
    ];
    const file = fc.oneof(
      fc.tuple(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('.json', '.yaml')),
      fc.tuple(hostileValue.map((v) => jsonText({ menus: v })), fc.constantFrom('.json', '.yaml')),
      fc.tuple(deep.map((d) => jsonText({ menus: [d] })), fc.constantFrom('.json', '.yaml')),
      fc.tuple(fc.integer({ min: 100, max: 20_000 }).map((k) => `{"menus":${'[{"name":"g","children":'.repeat(k)}[]${'}]'.repeat(k)}}`), fc.constant('.json')),
      fc.tuple(fc.constantFrom(...yamlBombs), fc.constant('.yaml')),
      fc.tuple(hostileValue.map((v) => '\uFEFF' + jsonText({ menus: [{ id: 'bom', name: 'x' }], extra: v })), fc.constantFrom('.json', '.yaml')),
      fc.tuple(fc.constant('{"menus":[{"id":"a\u0000b","name":"n\u0000"}]}'), fc.constant('.json')),
      fc.tuple(fc.constant(JSON.stringify({ pages: ['a', { x: 1 }], appid: 'wx1' })), fc.constant('.json')),
      fc.tuple(fc.constant(JSON.stringify({ pages: ['p/a'], subPackages: [{ root: { x: 1 }, pages: 'nope' }, null], tabBar: { list: 'x' }, appid: 'wx1' })), fc.constant('.json')),
    );
    await fc.assert(
      fc.asyncProperty(file, fc.constantFrom<Record<string, unknown>>({}, { services: 'menus' }, { format: 'wechat-app', appId: 'wx0' }), async ([text, ext], extra) => {
        const r = await readManifest(text, ext, extra);
        if (r.error) clearFailure(r.error);
        else wellFormed(r.messages!);
      }),
      { seed: SEED, numRuns: runs(400) },
    );
  });
});
