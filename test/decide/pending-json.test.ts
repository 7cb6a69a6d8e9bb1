// proposeWithDuplicates given a pending proposal's JSON (as the main thread has it from a batch,
// parsed only where no duplicate merges the service) answers what it answers given the object:
// merges, reviews, low usage, field errors and migrates alike.
import { describe, it, expect } from 'vitest';
import { buildMatchContext, proposeFromCatalog, proposeWithDuplicates, serviceDoc, SERVICE_AGENCY_DIFFERS } from '../../src/decide/propose.js';
import { encodeProposal, pendingJson } from '../../src/decide/propose-batch.js';
import { MatchingConfig, PolicyConfig } from '../../src/workspace/config.js';
import { service } from '../fixtures/matching/workspace.js';

const CATALOG = ['居民身份证办理', '住房公积金提取', '食品经营许可证核发', '社会保险参保登记', '失业登记'];
const A = ['智慧', '便民', '社区', '网格'];
const B = ['停车', '图书', '托育', '充电桩', '养老驿站'];
const C = ['缴费', '预约', '查询', '报名'];

describe('proposeWithDuplicates from the pending JSON', () => {
  it('gives what it gives from the object', () => {
    const ctx = buildMatchContext(CATALOG.map((name, i) => ({ code: `C${i}`, name, taskType: { label: '行政许可' }, department: '区政务局' })));
    const policy = PolicyConfig.parse({ lowUsageMonthlyVisits: 5, lowUsageAction: 'review' });
    const matching = MatchingConfig.parse({});
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const index = ctx.matcher.newIndex({ agencyDiffers: SERVICE_AGENCY_DIFFERS });
    const actions = new Set<string>();
    let fromJson = 0;
    for (let i = 0; i < 400; i++) {
      const name = rnd() < 0.2 ? pick(CATALOG).slice(0, -1) + pick(C) : pick(A) + pick(B) + pick(C) + (rnd() < 0.5 ? '' : String(i % 7));
      const more = {
        usage: { monthlyVisits: Math.floor(rnd() * 40) },
        ...(rnd() < 0.3 ? { agency: { name: pick(['区人社局', '某某街道办']) } } : {}),
        ...(rnd() < 0.1 ? { issues: [{ field: 'name', severity: 'error' as const, code: 'E_X', message: '名称不完整' }] } : {}),
      };
      const s = service(i % 2 ? 'a' : 'b', `k${i}`, name, more);
      const r = proposeFromCatalog(s, ctx, policy, matching);
      if (!('pending' in r)) continue;
      const doc = serviceDoc(s);
      const want = proposeWithDuplicates(doc, r.pending, index, policy, matching);
      // the bytes the decision is written with
      expect(encodeProposal(proposeWithDuplicates(doc, pendingJson(r.pending), index, policy, matching))).toEqual(encodeProposal(want));
      fromJson++;
      actions.add(`${want.action} ${want.rule}`);
      if (want.action === 'migrate') index.add(doc);
    }
    expect(fromJson).toBeGreaterThan(200);
    // every path of it ran
    expect([...actions].sort()).toEqual(expect.arrayContaining(['merge duplicate', 'migrate name-match', 'review policy.lowUsageMonthlyVisits', 'review validation']));
  });
});
