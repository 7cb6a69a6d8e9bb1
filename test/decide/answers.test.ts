// The catalog matcher's answers kept in the store (decide/answers.ts, migration 21): a later run
// reads them instead of searching again, gives the very decisions a search gives, and finds none
// of another catalog or another yimen's.
import { describe, it, expect, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { fixture, twoAppServices, putServices, type Fixture } from '../fixtures/matching/workspace.js';
import { importCatalog } from '../../src/catalog/import.js';
import { decideApps } from '../../src/decide/index.js';
import { answersKey, storeAnswers } from '../../src/decide/answers.js';
import { buildMatchContext, catalogDoc } from '../../src/decide/propose.js';
import type { ScoredCandidate } from '../../src/map/match/matcher.js';

let f: Fixture | undefined;
afterEach(() => f?.store.close());

const SERVICES = twoAppServices();

const kept = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM catalog_match_answers').pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('the catalog answers kept in the store', () => {
  it('are stored by a run, read by the next, give the same decisions, and go with the catalog', async () => {
    f = await fixture();
    const { ws, store } = f;
    await importCatalog(ws, store, { actor: 't' });
    putServices(store, SERVICES);
    await decideApps(ws, store, { actor: 't' });
    const decided = store.decisions.list();
    // one answer for each name searched (智慧停车缴费 twice: once)
    const n = kept(ws.paths.db);
    expect(n).toBeGreaterThanOrEqual(5);

    // every app decided again (their skip marks forgotten): the answers are read, not made again
    for (const a of ['alpha', 'beta']) store.setMeta(`decide.app.${a}`, '{}');
    await decideApps(ws, store, { actor: 't' });
    expect(store.decisions.list()).toEqual(decided);
    expect(kept(ws.paths.db)).toBe(n);

    // another catalog: its replace drops them
    store.catalog.replace(store.catalog.list().slice(1), 'changed');
    expect(kept(ws.paths.db)).toBe(0);
  });

  it('answer as a search of the same index does, and an index that grows takes none', async () => {
    f = await fixture();
    const { ws, store } = f;
    await importCatalog(ws, store, { actor: 't' });
    const items = store.catalog.list();
    const names = ['失业登记', '公积金提取(租房)', '智慧停车缴费', '食品经营许可证注销', '社保参保登记', '随便一个名字', '居民身份证办理', '失业保险金申领'];
    const key = answersKey('digest-1', 'v1');
    const made: Array<[string, string]> = [];
    const first = buildMatchContext(items);
    first.catalog.keepAnswersIn(storeAnswers(store, key, (q, a) => void made.push([q, a])));
    const fresh = names.map((name, i) => first.catalog.searchMemo({ id: `s${i}`, name, department: i % 2 ? '区人社局' : undefined }, 3));
    expect(made).toHaveLength(names.length);
    store.matchAnswers.putMany(key, made);

    // a new context (another run): every answer read, none searched, each equal to the search's
    const told: string[] = [];
    const second = buildMatchContext(items);
    second.catalog.keepAnswersIn(storeAnswers(store, key, (q) => void told.push(q)));
    const read = names.map((name, i) => second.catalog.searchMemo({ id: `s${i}`, name, department: i % 2 ? '区人社局' : undefined }, 3));
    expect(told).toEqual([]);
    expect(read).toEqual(fresh);
    expect(read.some((r: ScoredCandidate[]) => r.length === 3)).toBe(true);

    // another key (another catalog index or yimen) finds none; its answers replace the others'
    const other = buildMatchContext(items);
    const toldOther: string[] = [];
    const otherKey = answersKey('digest-1', 'v2');
    other.catalog.keepAnswersIn(storeAnswers(store, otherKey, (q) => void toldOther.push(q)));
    other.catalog.searchMemo({ id: 'x', name: names[0]! }, 3);
    expect(toldOther).toHaveLength(1);
    store.matchAnswers.putMany(otherKey, [[made[1]![0], made[1]![1]]]);
    expect(store.matchAnswers.get(key, made[0]![0])).toBeUndefined();
    expect(store.matchAnswers.get(otherKey, made[1]![0])).toBe(made[1]![1]);

    // an index that grows: answers kept outside are not its own any more
    store.matchAnswers.putMany(key, made);
    const growing = buildMatchContext(items);
    const toldGrowing: string[] = [];
    growing.catalog.keepAnswersIn(storeAnswers(store, key, (q) => void toldGrowing.push(q)));
    growing.catalog.add(catalogDoc({ ...items[0]!, code: 'NEW1', name: names[0]! }));
    // searched in the grown index (the item added has the very name), not read
    expect(growing.catalog.searchMemo({ id: 's0', name: names[0]! }, 3).map((c) => c.id)).toContain('NEW1');
    expect(toldGrowing).toEqual([]);
    expect(store.matchAnswers.get(key, made[0]![0])).toBeDefined();
  });
});
