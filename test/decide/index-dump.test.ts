// The catalog index's dump as bytes (src/map/match/index-dump.ts): what the store caches and a
// worker restores from. It must give back exactly the index a build gives, whatever the names hold,
// and refuse (so the index is built again) what is not a dump of its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect, afterEach } from 'vitest';
import { parse } from 'csv-parse/sync';
import { Matcher } from '../../src/map/match/matcher.js';
import { decodeCatalogDump, encodeCatalogDump } from '../../src/map/match/index-dump.js';
import { cachedMatchContext, catalogIndexKey, restore } from '../../src/decide/index-cache.js';
import { catalogDoc } from '../../src/decide/propose.js';
import type { CatalogItem } from '../../src/schema/index.js';
import { fixture, type Fixture } from '../fixtures/matching/workspace.js';
import { importCatalog } from '../../src/catalog/import.js';

const real = parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'matching', 'base-catalog.csv')), { columns: true, bom: true }) as Record<string, string>[];
const items = (names: string[]): CatalogItem[] => names.map((name, i) => ({ code: `C${i}`, name, taskType: { label: '公共服务' }, department: '区人社局' }) as CatalogItem);
// real names, a duplicate, remarks and qualifiers, a name that normalises to nothing, a lone
// surrogate (UTF-8 cannot carry it), a NUL, an astral character
const NAMES = [
  ...real.slice(0, 300).map((r) => r['事项名称']!),
  '失业登记',
  '失业登记',
  '住房公积金提取（租房）（第二类）',
  '三级社会体育指导员技术等级称号认定',
  '（）',
  'a\uD800b登记',
  '登\u0000记',
  '𠀀𠀁申请',
];

const searchAll = (m: Matcher, idx: ReturnType<Matcher['catalogIndex']>, names: string[]) => names.map((n) => idx.search({ id: 'q', name: n, department: '区人社局' }, 5));

describe('the catalog index dump', () => {
  it('restores to the index a build gives: the same answers to every query, names of any kind', () => {
    for (const names of [NAMES, NAMES.filter((n) => !n.includes('\uD800'))]) {
      const docs = items(names).map(catalogDoc);
      const built = new Matcher({});
      const idx = built.catalogIndex(docs);
      const bytes = encodeCatalogDump(built.dumpCatalog(docs));
      // the numbers are read in place: any alignment of the bytes works
      const shifted = new Uint8Array(bytes.length + 3);
      shifted.set(bytes, 3);
      for (const b of [bytes, shifted.subarray(3)]) {
        const m = new Matcher({});
        const restored = restore(m, docs, b);
        expect(restored).toBeDefined();
        expect(searchAll(m, restored!, [...names, '社会保险登记', '公积金提取'])).toEqual(searchAll(built, idx, [...names, '社会保险登记', '公积金提取']));
      }
      expect(decodeCatalogDump(bytes)!.names).toEqual([...new Set(names)]);
    }
  });

  it('refuses bytes that are not a dump of its own: another format, cut short, damaged strings', () => {
    const docs = items(NAMES.slice(0, 50)).map(catalogDoc);
    const m = new Matcher({});
    m.catalogIndex(docs);
    const bytes = encodeCatalogDump(m.dumpCatalog(docs));
    expect(decodeCatalogDump(new TextEncoder().encode(JSON.stringify({ weights: {}, names: [] })))).toBeUndefined();
    expect(decodeCatalogDump(bytes.subarray(0, bytes.length - 10))).toBeUndefined();
    expect(decodeCatalogDump(bytes.subarray(0, 6))).toBeUndefined();
    const cut = new Uint8Array(bytes.length + 2);
    cut.set(bytes);
    expect(decodeCatalogDump(cut)).toBeUndefined();
    // a normaliser that derives otherwise than the dump says: the sample check refuses it
    const other = new Matcher({ synonyms: { 登记: '注册' } });
    expect(restore(other, docs, bytes)).toBeUndefined();
  });
});

describe('the store keeps the dump', () => {
  let f: Fixture | undefined;
  afterEach(() => f?.store.close());

  it('as bytes, read back as the cached index; a row of the JSON form an older version wrote is built again', async () => {
    f = await fixture();
    const { ws, store } = f;
    await importCatalog(ws, store, { actor: 't' });
    const catalog = store.catalog.list();
    const first = cachedMatchContext(store, catalog);
    expect(first.index).toBe('built');
    const key = catalogIndexKey(catalog);
    expect(store.matchIndex.get(key)).toBeInstanceOf(Uint8Array);
    const again = cachedMatchContext(store, catalog);
    expect(again.index).toBe('cached');
    expect(again.digest).toBe(first.digest);

    (store as unknown as { db: { prepare(s: string): { run(...a: unknown[]): void } } }).db.prepare('UPDATE catalog_match_index SET data = ? WHERE key = ?').run('{"weights":{},"names":[]}', key);
    const rebuilt = cachedMatchContext(store, catalog);
    expect(rebuilt.index).toBe('built');
    expect(rebuilt.digest).toBe(first.digest);
    expect(store.matchIndex.get(key)).toBeInstanceOf(Uint8Array);
  });
});
