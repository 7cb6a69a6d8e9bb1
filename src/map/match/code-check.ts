// A code is evidence, not proof: codes get mistyped and copied from a neighbouring row. Before an
// exact catalog code decides a merge, the service's own name is checked against the item the code
// names: a different act (变更 vs 注销) or another purpose (租房 vs 购房) is a conflict for a person.
import { makeNormalizer, type Normalizer } from './normalize.js';
import { compareQualifiers, qualifiersOf } from './qualifiers.js';
import { synonymTable } from '../synonyms.js';

export interface CodeCheck {
  /** false: the name names another act or purpose than the coded item */
  agrees: boolean;
  /** in Chinese, for the decision's reason: 名称为“变更”，编码对应的事项为“注销” */
  note?: string;
}

const ACT_WORDS: Record<string, string> = {
  new: '新办', prepare: '筹建', change: '变更', renew: '延续/换领', cancel: '注销', suspend: '暂停', reissue: '补领/挂失',
  in: '迁入', out: '迁出', transfer: '过户', unfreeze: '解挂/解冻', freeze: '冻结', seal: '封存', unseal: '启封', resume: '恢复', move: '迁移/转移',
};
const word = (classes: ReadonlySet<string>) => [...classes].map((c) => ACT_WORDS[c] ?? c).join('、');

/** Builds the check for one dictionary (the shipped one plus the workspace's entries). */
export function makeCodeCheck(extra: unknown = {}): (serviceName: string, itemName: string) => CodeCheck {
  const norm: Normalizer = makeNormalizer(synonymTable(extra));
  // a name's qualifiers depend on the name alone, and the same items and names come back across
  // services: kept (bounded), normalising is the costly part
  const memo = new Map<string, ReturnType<typeof qualifiersOf>>();
  const quals = (name: string) => {
    let q = memo.get(name);
    if (!q) {
      if (memo.size > 50_000) memo.clear();
      memo.set(name, (q = qualifiersOf(norm(name))));
    }
    return q;
  };
  return (serviceName, itemName) => {
    const a = quals(serviceName);
    const b = quals(itemName);
    const v = compareQualifiers(a, b, false);
    if (!v.conflict) return { agrees: true };
    const la = a.get('lifecycle');
    const lb = b.get('lifecycle');
    const note = la && lb ? `名称为“${word(la)}”，编码对应的事项为“${word(lb)}”` : `名称与编码对应的事项（${itemName}）情形不同`;
    return { agrees: false, note };
  };
}
