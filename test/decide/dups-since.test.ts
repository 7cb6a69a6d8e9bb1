// NameIndex.changedSince, on which the decide worker's duplicate answers rest: where it says no
// service added since the index held `from` could change a query's answer, a search then gives
// what a search now gives, candidates, scores and reasons alike.
import { describe, it, expect } from 'vitest';
import { buildMatchContext, SERVICE_AGENCY_DIFFERS } from '../../src/decide/propose.js';
import type { MatchDoc, ScoredCandidate } from '../../src/map/match/matcher.js';

const CATALOG = ['居民身份证办理', '住房公积金提取', '食品经营许可证核发', '社会保险参保登记', '失业登记', '医疗保障参保信息查询'];
const A = ['智慧', '便民', '社区', '网格', '阳光'];
const B = ['停车', '图书', '托育', '充电桩', '养老驿站', '菜篮子'];
const C = ['缴费', '预约', '查询', '报名', '地图'];
const DEPTS = [undefined, '区人社局', '溧阳市人民医院', '某某街道办'];

describe('NameIndex.changedSince', () => {
  it('says no only where the answer stands', () => {
    const ctx = buildMatchContext(CATALOG.map((name, i) => ({ code: `C${i}`, name, taskType: { label: '行政许可' }, department: '区政务局' })));
    let seed = 11;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const doc = (id: string): MatchDoc => ({ id, name: pick(A) + pick(B) + pick(C) + (rnd() < 0.3 ? String(Math.floor(rnd() * 5)) : ''), department: pick(DEPTS) });
    const queries = Array.from({ length: 60 }, (_, i) => doc(`q${i}`));
    const added = Array.from({ length: 40 }, (_, i) => doc(`s${i}`));
    const index = ctx.matcher.newIndex({ agencyDiffers: SERVICE_AGENCY_DIFFERS });
    // each query's answer at every size of the index (fresh searches, no memo)
    const at: ScoredCandidate[][][] = [queries.map((q) => index.search(q, 3))];
    for (const d of added) {
      index.add(d);
      at.push(queries.map((q) => index.search(q, 3)));
    }
    let kept = 0;
    let changed = 0;
    for (let from = 0; from < added.length; from += 3) {
      queries.forEach((q, k) => {
        if (index.changedSince(q, from)) changed++;
        else {
          kept++;
          expect(at[from]![k]).toEqual(at[added.length]![k]);
        }
      });
    }
    // both answers occur: the check is neither always yes nor always no
    expect(kept).toBeGreaterThan(20);
    expect(changed).toBeGreaterThan(20);
    expect(index.changedSince(queries[0]!, added.length)).toBe(false);
  });
});
