import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Matcher, type MatchDoc, type NameIndex } from '../../../src/map/match/matcher.js';

// The search's shortcuts must never change an answer: shortlisted items whose score cannot reach
// the answer are skipped (a bound from the characters they share), compared here with every item
// scored; and answers kept between searches (searchMemo), compared with fresh searches while
// items are added.
const rows = parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'matching', 'base-catalog.csv')), { columns: true, bom: true }) as Record<string, string>[];
const TYPES = ['01', '05', '07', '10', '20'];
const catalog: MatchDoc[] = rows.map((r, i) => ({ id: r['基本编码']! || `X${i}`, name: r['事项名称']!, department: r['实施部门'], taskType: TYPES[i % TYPES.length] }));

let seed = 7;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const EXTRA = ['申请', '办理', '网上', '（个人）', '（企业）', '证明', '变更', '注销', '😀', '年审', '补领'];

/** a catalog name cut, padded, reordered or mixed with another, as app names are */
function mutate(name: string): string {
  const cs = Array.from(name);
  const r = rnd();
  if (r < 0.2) return name;
  if (r < 0.4) return cs.slice(Math.floor(rnd() * 3), cs.length - Math.floor(rnd() * 3)).join('') || name;
  if (r < 0.55) return pick(EXTRA) + name + pick(EXTRA);
  if (r < 0.7) {
    const k = Math.floor(cs.length / 2);
    return cs.slice(k).join('') + cs.slice(0, k).join('');
  }
  if (r < 0.85) return cs.slice(0, Math.ceil(cs.length / 2)).join('') + Array.from(pick(catalog).name).slice(-3).join('');
  return cs.filter(() => rnd() > 0.25).join('') || name;
}

describe('the shortlist bound', () => {
  for (const agencyDiffers of [undefined, -0.2]) {
    it(`gives the answers of a full scoring (agencyDiffers ${agencyDiffers ?? 'default'})`, () => {
      const fast = new Matcher().catalogIndex(catalog);
      const full = new Matcher({ prune: false }).catalogIndex(catalog);
      const dupsFast = new Matcher().newIndex({ agencyDiffers });
      const dupsFull = new Matcher({ prune: false }).newIndex({ agencyDiffers });
      for (const d of catalog.slice(0, 400)) {
        dupsFast.add(d);
        dupsFull.add(d);
      }
      let differs = 0;
      for (let k = 0; k < 1500; k++) {
        const base = pick(catalog);
        const q: MatchDoc = { id: `q${k}`, name: mutate(base.name), department: rnd() < 0.5 ? base.department : pick(catalog).department, taskType: rnd() < 0.7 ? pick(TYPES) : undefined };
        for (const limit of [1, 3, 5]) {
          expect(fast.search(q, limit)).toEqual(full.search(q, limit));
          expect(dupsFast.search(q, limit)).toEqual(dupsFull.search(q, limit));
        }
        if (fast.search(q, 3)[0]?.id !== base.id) differs++;
      }
      // the queries are hard enough that the answer is not always the item they came from
      expect(differs).toBeGreaterThan(50);
    });
  }
});

describe('the order the shortlist is scored in', () => {
  it('gives the answers of a full scoring in the shortlist’s order when items share ids (ties of score and id)', () => {
    // items are scored highest bound first: among items of the same score and id, the answer must
    // still list them as the shortlist has them (as a stable sort does)
    const shared = catalog.map((d, i) => ({ ...d, id: `D${i % 3}` }));
    const fast = new Matcher().catalogIndex(shared);
    const full = new Matcher({ prune: false }).catalogIndex(shared);
    let tied = 0;
    for (let k = 0; k < 1500; k++) {
      const base = pick(shared);
      const q: MatchDoc = { id: `q${k}`, name: mutate(base.name), department: rnd() < 0.5 ? base.department : undefined, taskType: rnd() < 0.5 ? pick(TYPES) : undefined };
      for (const limit of [3, 5]) {
        const a = fast.search(q, limit);
        expect(a).toEqual(full.search(q, limit));
        for (let j = 1; j < a.length; j++) if (a[j]!.id === a[j - 1]!.id && a[j]!.score === a[j - 1]!.score) tied++;
      }
    }
    // answers with items of the same score and id side by side do come up (60 in this run)
    expect(tied).toBeGreaterThan(20);
  });
});

/**
 * Rounds of an item maybe added, then a query asked (an earlier one again with odds `repeat`): every
 * answer must be a fresh search's. Returns how many answers were given again after items were added.
 */
function askWhileAdding(idx: NameIndex, rounds: number, repeat: number, add: (k: number) => MatchDoc | undefined, ask: (k: number) => MatchDoc): number {
  const asked: MatchDoc[] = [];
  const last = new Map<MatchDoc, { answer: unknown; size: number }>();
  let held = 0;
  for (let k = 0; k < rounds; k++) {
    const d = add(k);
    if (d) idx.add(d);
    const q = asked.length && rnd() < repeat ? pick(asked) : ask(k);
    asked.push(q);
    const a = idx.searchMemo(q, 3);
    const before = last.get(q);
    if (before && before.answer === a && before.size < idx.size) held++;
    last.set(q, { answer: a, size: idx.size });
    expect(a).toEqual(idx.search(q, 3));
  }
  return held;
}

describe('answers kept between searches', () => {
  it('are the answers a fresh search gives, while items are added', () => {
    const idx = new Matcher().newIndex({ agencyDiffers: 0.15 });
    const asked: MatchDoc[] = [];
    let kept = 0;
    for (let k = 0; k < 3000; k++) {
      if (rnd() < 0.3) idx.add({ ...pick(catalog), id: `s${k}`, name: mutate(pick(catalog).name) });
      // queries repeat, as apps list the same services
      const q = asked.length && rnd() < 0.5 ? pick(asked) : { id: `q${k}`, name: mutate(pick(catalog).name), department: pick(catalog).department };
      asked.push(q);
      const a = idx.searchMemo(q, 3);
      if (idx.searchMemo(q, 3) === a) kept++;
      expect(a).toEqual(idx.search(q, 3));
    }
    expect(kept).toBeGreaterThan(2000);
  });

  // An answer kept is checked against the items added since (NameIndex.holds): the same lists in
  // the same order and budget, and no new item taking a place the answer needs. Small shortlists
  // and many repeats make new items enter shortlists often; `held` counts answers given again after
  // items were added, so the check is exercised, not only the searches.
  for (const { shortlist, adds, label } of [
    { shortlist: 12, adds: 0.3, label: 'the default shortlist' },
    { shortlist: 4, adds: 0.3, label: 'a shortlist of 4' },
    { shortlist: 2, adds: 0.6, label: 'a shortlist of 2, many items added' },
  ]) {
    it(`hold across items added only when a fresh search agrees (${label})`, () => {
      const idx = new Matcher({ shortlist }).newIndex({ agencyDiffers: 0.15 });
      const held = askWhileAdding(idx, 4000, 0.7, (k) => (rnd() < adds ? { ...pick(catalog), id: `s${k}`, name: mutate(pick(catalog).name) } : undefined), (k) => ({ id: `q${k}`, name: mutate(pick(catalog).name), department: pick(catalog).department }));
      expect(held).toBeGreaterThan(300);
    });
  }

  it('hold only when the lists read within the budget are the same (lists longer than the budget)', () => {
    // every name shares 申请 and 办理: their lists outgrow the posting budget, so a list growing
    // can move the cut, or change which list is read first
    const idx = new Matcher({ shortlist: 6 }).newIndex({ agencyDiffers: 0.15 });
    const stems = catalog.slice(0, 400).map((c) => c.name);
    for (let k = 0; k < 3500; k++) idx.add({ id: `b${k}`, name: `${pick(stems)}申请办理` });
    const held = askWhileAdding(
      idx,
      1500,
      0.6,
      (k) => (rnd() < 0.5 ? { id: `s${k}`, name: rnd() < 0.5 ? `${pick(stems)}申请办理` : mutate(pick(stems)) } : undefined),
      (k) => ({ id: `q${k}`, name: rnd() < 0.5 ? `申请办理${mutate(pick(stems))}` : mutate(pick(stems)) }),
    );
    expect(held).toBeGreaterThan(100);
  });

  it('hold only when the budget cuts the lists where it did', () => {
    // the query reads five lists, rarest first; the last (丙丁) grows until the budget no longer
    // reaches it: then the items most like the query lose a third of their evidence, and decoys
    // read earlier take their places in the shortlist (an unlearnt matcher: every gram weighs the same)
    const idx = new Matcher({ shortlist: 6 }).newIndex();
    const q = { id: 'q', name: '戊己甲乙丙丁' };
    for (let k = 0; k < 6; k++) idx.add({ id: `decoy${k}`, name: `戊己甲${k}` });
    for (let k = 0; k < 3; k++) idx.add({ id: `good${k}`, name: `甲乙丙丁${k}` });
    for (let k = 0; k < 3; k++) idx.add({ id: `bc${k}`, name: `乙丙${k}号` });
    for (let k = 0; k < 1400; k++) idx.add({ id: `a${k}`, name: `甲乙${k}` });
    for (let k = 0; k < 1400; k++) idx.add({ id: `c${k}`, name: `丙丁${k}` });
    const first = idx.searchMemo(q, 3);
    expect(first.map((c) => c.id).sort()).toEqual(['good0', 'good1', 'good2']);
    for (let k = 0; k < 400; k++) {
      idx.add({ id: `n${k}`, name: `丙丁${1400 + k}` });
      expect(idx.searchMemo(q, 3)).toEqual(idx.search(q, 3));
    }
    expect(idx.searchMemo(q, 3).map((c) => c.id)).not.toContain('good0');
  });

  it('give way to an item added with the very name asked (a name of one character)', () => {
    const idx = new Matcher().newIndex();
    idx.add({ id: 'a', name: '证照' });
    const q = { id: 'q', name: '证' };
    expect(idx.searchMemo(q, 3)).toEqual(idx.search(q, 3));
    idx.add({ id: 'b', name: '证' });
    const a = idx.searchMemo(q, 3);
    expect(a.map((c) => c.id)).toContain('b');
    expect(a).toEqual(idx.search(q, 3));
  });
});
