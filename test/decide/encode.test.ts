// The proposals' encodings as the decision rows store them: the pending services' JSON written
// by hand and the candidates' JSON kept once per memoised answer must be the bytes
// JSON.stringify gives, whatever the values, and a shared list must come out the same every time.
import { describe, it, expect } from 'vitest';
import { buildMatchContext, proposeFromCatalog, candidatesJson, type PendingProposal } from '../../src/decide/propose.js';
import { encodeProposal, pendingJson } from '../../src/decide/propose-batch.js';
import { PolicyConfig, MatchingConfig } from '../../src/workspace/config.js';
import type { CatalogService } from '../../src/schema/index.js';
import { serviceOf } from '../helpers/service.js';

const CATALOG = ['居民身份证办理', '住房公积金提取', '食品经营许可证核发', '社会保险参保登记', '失业登记', '医疗保障参保信息查询'];

const service = (i: number, name: string, more: Partial<CatalogService> = {}): CatalogService => serviceOf(`s${i}`, name, more);

describe('decide encodings', () => {
  it('writes the pending JSON as JSON.stringify does', () => {
    const cands = [{ code: 'C1', name: '名"称\\\n', score: 0.5, reason: 'name 0.50', kind: 'catalog' as const }];
    const cases: PendingProposal[] = [];
    for (const score of [undefined, 0, -0, 0.123456789, NaN, 1e21]) {
      for (const visits of [undefined, 0, 7, 1.5, null as unknown as number]) {
        for (const low of [true, false]) {
          for (const errs of ['', 'name：名称不完整；"引号"\u0000\ud800']) {
            cases.push({ cat: { score, reason: '目录中没有相同事项\u2028"', candidates: score === 0 ? [] : cands }, low, visits, errs });
          }
        }
      }
    }
    for (const p of cases) expect(pendingJson(p)).toBe(JSON.stringify(p));
  });

  it('keeps one list and one JSON per memoised answer, the bytes JSON.stringify gives', () => {
    const ctx = buildMatchContext(CATALOG.map((name, i) => ({ code: `C${i}`, name, taskType: { label: '行政许可' }, department: '区政务局' })));
    const policy = PolicyConfig.parse({ lowUsageMonthlyVisits: 5, lowUsageAction: 'review' });
    const matching = MatchingConfig.parse({});
    const names = ['居民身份证办理', '网上住房公积金提取', '失业人员技能培训报名', '居民身份证办理', '网上住房公积金提取', '失业人员技能培训报名'];
    const out = names.map((n, i) => proposeFromCatalog(service(i, n, { usage: { monthlyVisits: i } }), ctx, policy, matching));
    const listOf = (r: (typeof out)[number]) => ('pending' in r ? r.pending.cat.candidates : r.candidates!);
    for (let i = 0; i < 3; i++) {
      // the same name, the same answer from the memo: the same list
      expect(listOf(out[i + 3]!)).toBe(listOf(out[i]!));
      expect(listOf(out[i]!).length).toBeGreaterThan(0);
    }
    for (const r of out) {
      const list = listOf(r);
      expect(candidatesJson(list)).toBe(JSON.stringify(list));
      expect(candidatesJson(list)).toBe(JSON.stringify(list)); // kept, the same
      if ('pending' in r) expect(pendingJson(r.pending)).toBe(JSON.stringify(r.pending));
      else {
        const { reason: _r, score: _s, candidates, ...rest } = r;
        const e = encodeProposal(r);
        expect(e.candidates).toBe(JSON.stringify(candidates ?? []));
        expect(e.fields).toBe(JSON.stringify(rest).slice(1, -1));
      }
    }
    expect(out.some((r) => 'pending' in r)).toBe(true);
    expect(out.some((r) => !('pending' in r))).toBe(true);
  });
});
