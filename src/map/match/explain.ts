// Explanations a person can act on: one line in Chinese per decision, naming the item and the
// evidence a reviewer can check (编码一致, 名称相似 0.93, 部门一致 …), never thresholds or internals.
// Pure functions over the matcher's candidates and verdict; the decide stage stores the line.
import type { MatchVerdict, ScoredCandidate } from './matcher.js';

/** What the matcher's evidence notes (ScoredCandidate.reason) say, in words a reviewer uses. */
export function evidenceOf(reason: string | undefined): string[] {
  const out: string[] = [];
  for (const part of (reason ?? '').split(/;\s*/)) {
    const p = part.trim();
    if (!p) continue;
    if (p === 'same name after normalising') out.push('名称一致');
    else if (p === 'department agrees') out.push('部门一致');
    else if (p.startsWith('department differs')) out.push('部门不同');
    else if (p === 'task type agrees') out.push('事项类型一致');
    else if (p.startsWith('task type differs')) out.push('事项类型不同');
    else if (p.includes('words in another order')) out.push('词序不同');
    else if (p.startsWith('item goes on after the name')) out.push('目录事项名称更长，范围可能不同');
    else if (p.startsWith('qualifiers:')) out.push(/≠|conflict/.test(p) ? '办理情形不同（如新办/注销、租房/购房）' : '一方写明了办理情形，另一方没有');
    else if (p.startsWith('remarks')) out.push('括号中的限定不同');
  }
  return [...new Set(out)];
}

const score2 = (s: number) => s.toFixed(2);

/** "合并到 110000…（编码一致）" */
export function explainCodeMerge(code: string, name?: string): string {
  return `合并到 ${name ? `${name}（${code}）` : code}（编码一致）`;
}

/** "编码指向 A，名称更像 B：待审核" (a code is evidence, not proof) */
export function explainCodeConflict(code: string, codeName: string, nameMatch?: ScoredCandidate): string {
  return `待审核：编码 ${code} 指向「${codeName}」${nameMatch ? `，名称更像「${nameMatch.name}」（${score2(nameMatch.score)}）` : ''}`;
}

/**
 * One line for a matcher verdict:
 *   merge   → 合并到 居民身份证换领（名称相似 0.93，部门一致）
 *   review  → 待审核：两个候选相近：A 0.81 / B 0.79   or   待审核：可能是 A（名称相似 0.78，部门一致）
 *   migrate → 目录中没有相近事项，作为新事项迁移   or   …最接近的是 A（0.52），差别较大
 * `into` names a service of another app (a duplicate) rather than a catalog item.
 */
export function explain(v: MatchVerdict, cands: ScoredCandidate[], opts: { into?: boolean; tieMargin?: number } = {}): string {
  const top = cands[0];
  const second = cands[1];
  const what = opts.into ? '已迁移的同一服务' : '';
  const evidence = (c: ScoredCandidate) => {
    const ev = evidenceOf(c.reason);
    const head = ev.includes('名称一致') ? '名称一致' : `名称相似 ${score2(c.score)}`;
    return [head, ...ev.filter((e) => e !== '名称一致')].join('，');
  };
  if (v.action === 'merge' && top) return `合并到 ${what}${top.name}（${evidence(top)}）`;
  if (v.action === 'review') {
    if (top && second && Math.abs(top.score - second.score) < (opts.tieMargin ?? 0.03))
      return `待审核：两个候选相近：${top.name} ${score2(top.score)} / ${second.name} ${score2(second.score)}`;
    if (top) return `待审核：可能是 ${what}${top.name}（${evidence(top)}），把握不足`;
    return '待审核';
  }
  if (!top) return opts.into ? '其他应用中没有同一服务，作为新事项迁移' : '目录中没有相近事项，作为新事项迁移';
  const conflict = top.conflict ? `，且${evidenceOf(top.reason).find((e) => /不同|限定/.test(e)) ?? '情形不同'}` : '';
  return `目录中没有相同事项（最接近的是 ${top.name}，相似 ${score2(top.score)}${conflict}），作为新事项迁移`;
}

/** Policy outcomes, in the same voice. */
export function explainRule(rule: 'formality' | 'low-usage' | 'not-a-service', detail: { keyword?: string; visits?: number; threshold?: number; mergedInto?: string } = {}): string {
  if (rule === 'formality') return `下线：形式主义功能${detail.keyword ? `（含“${detail.keyword}”）` : ''}，不迁移`;
  if (rule === 'low-usage')
    return detail.mergedInto
      ? `合并到 ${detail.mergedInto}（使用很少：月访问 ${detail.visits ?? '?'} 次，目录已有此事项）`
      : `下线：使用很少（月访问 ${detail.visits ?? '?'} 次，低于 ${detail.threshold ?? '?'} 次），目录中也没有此事项`;
  return '下线：不是一项服务（占位或外部链接）';
}
