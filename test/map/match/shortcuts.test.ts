import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Matcher, type MatchDoc } from '../../../src/map/match/matcher.js';

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
});
