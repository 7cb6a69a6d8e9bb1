// Proposes a disposition for one service (DESIGN §9, docs/matching.md "Policy order"):
//   1. the configured lists (policy.retire / policy.review);
//   2. formality rules, whatever the usage: retire, unless the keyword is one step of a
//      citizen-facing act or the name also matches a catalog item confidently (then review);
//   3. matching: a person's alias, the exact catalog code (checked against the name: a code is
//      evidence, not proof), the matcher; then duplicates of services decided before it;
//   4. low usage: a matched service merges (a redirect serves its few users); an unmatched one
//      retires (or goes to review with policy.lowUsageAction: review);
//   5. field errors block migrating (review with the error), never a merge.
// Reasons are the Chinese lines of src/map/match/explain.ts. Pure apart from the indexes it reads.
import type { CatalogItem, CatalogService, Decision, MatchCandidate } from '../schema/index.js';
// not from the schemas' index: the worker thread that proposes loads no zod (issues.ts)
import { hasErrors } from '../schema/issues.js';
import type { Workspace } from '../workspace/loader.js';
import { Matcher, verdict, type MatchDoc, type MatchVerdict, type NameIndex, type ScoredCandidate } from '../map/match/matcher.js';
import { explain, explainCodeConflict, explainCodeMerge, explainRule } from '../map/match/explain.js';
import { makeCodeCheck, type CodeCheck } from '../map/match/code-check.js';
import { taskTypeCode } from '../schema/task-type.js';
import { formalityHitByName, formalityVerdict, isLowUsage, listedVerdict, categoryWord } from './policy.js';

/** the matcher and its catalog index, built once per run */
export interface MatchContext {
  matcher: Matcher;
  catalog: NameIndex;
  byCode: Map<string, CatalogItem>;
  codeCheck: (serviceName: string, itemName: string) => CodeCheck;
  /** names people said are catalog item X (normalised name → code): `yimen decide … --action merge --to X` */
  aliases: Map<string, string>;
}

export function catalogDoc(it: CatalogItem): MatchDoc {
  return { id: it.code, name: it.name, taskType: taskTypeCode(it.taskType), department: it.department };
}

export function serviceDoc(s: CatalogService): MatchDoc {
  return { id: s.id, name: s.name, taskType: taskTypeCode(s.taskType), department: s.agency?.name };
}

export function buildMatchContext(items: CatalogItem[], synonyms: Record<string, string> = {}, aliases: Array<{ name: string; code: string }> = []): MatchContext {
  const matcher = new Matcher({ synonyms });
  return contextFrom(matcher, matcher.catalogIndex(items.map(catalogDoc)), items, synonyms, aliases);
}

/** the context around a catalog index already built (or read from the store's cache: index-cache.ts) */
export function contextFrom(matcher: Matcher, catalog: NameIndex, items: CatalogItem[], synonyms: Record<string, string> = {}, aliases: Array<{ name: string; code: string }> = []): MatchContext {
  const byCode = new Map<string, CatalogItem>();
  for (const it of items) byCode.set(normCode(it.code), it);
  const al = new Map<string, string>();
  for (const a of aliases) if (byCode.has(normCode(a.code))) al.set(matcher.normalize(a.name), normCode(a.code));
  return { matcher, catalog, byCode, codeCheck: makeCodeCheck(synonyms), aliases: al };
}

const normCode = (c: string) => c.trim().toUpperCase();
/** between two apps' services, a clearly different agency (another hospital, another bureau) is strong
 * evidence of another service: the catalog's departments are bureaus, services' are not */
export const SERVICE_AGENCY_DIFFERS = 0.15;

const toCandidate = (kind: 'catalog' | 'service') => (c: ScoredCandidate): MatchCandidate => ({
  code: c.id,
  name: c.name,
  score: c.score,
  reason: c.reason,
  kind,
});

/**
 * A search's candidates as a decision lists them, made once per answer: the memo (NameIndex.searchMemo)
 * gives the same array for the same query, and many services share a name (the same services in
 * every county's app), so their lists are shared, not remade. Nothing changes a proposal's
 * candidates once made (a merged list is a new array). Their JSON is made each time it is written
 * (a few µs): kept for every answer, it was ~110 MiB of the decide worker's live heap at ~97,000 names.
 */
const listsOf = { catalog: new WeakMap<ScoredCandidate[], MatchCandidate[]>(), service: new WeakMap<ScoredCandidate[], MatchCandidate[]>() };
function candidatesOf(cands: ScoredCandidate[], kind: 'catalog' | 'service'): MatchCandidate[] {
  if (!cands.length) return [];
  let list = listsOf[kind].get(cands);
  if (!list) listsOf[kind].set(cands, (list = cands.map(toCandidate(kind))));
  return list;
}

/** JSON.stringify(candidates) */
export function candidatesJson(list: MatchCandidate[]): string {
  return JSON.stringify(list);
}

export type Proposal = Omit<Decision, 'serviceId' | 'appId' | 'actor' | 'at'>;

/** What the catalog says about a service: a confident item (merge), a doubt (review) or nothing. */
interface CatalogFinding {
  action: 'merge' | 'review' | 'migrate';
  target?: string;
  targetName?: string;
  rule: string;
  reason: string;
  score?: number;
  candidates: MatchCandidate[];
}

function findInCatalog(s: CatalogService, ctx: MatchContext, t: Workspace['config']['matching']): CatalogFinding {
  // a person said this name is item X: that holds for every app and later run
  const taught = ctx.aliases.size ? ctx.aliases.get(ctx.matcher.normalize(s.name)) : undefined;
  if (taught) {
    const it = ctx.byCode.get(taught)!;
    return {
      action: 'merge',
      target: it.code,
      targetName: it.name,
      rule: 'alias',
      reason: `合并到 ${it.name}（${it.code}）（人工确认：此名称即该事项）`,
      score: 1,
      candidates: [{ code: it.code, name: it.name, score: 1, reason: 'alias taught by a person', kind: 'catalog' }],
    };
  }
  const q = serviceDoc(s);
  let cands = ctx.catalog.searchMemo(q, 3);
  // other names the service goes by (aliases) may be closer to the catalog's wording
  for (const alias of s.aliases ?? []) {
    if (!alias.trim() || alias === s.name) continue;
    const alt = ctx.catalog.searchMemo({ ...q, name: alias }, 3);
    if (alt[0] && alt[0].score > (cands[0]?.score ?? 0)) cands = alt.map((c) => ({ ...c, reason: `by its alias ${alias}: ${c.reason}` }));
  }
  const v = verdict(cands, t);
  const candidates = candidatesOf(cands, 'catalog');
  if (s.catalogCode) {
    const it = ctx.byCode.get(normCode(s.catalogCode));
    if (it) {
      // a code is evidence, not proof: the name must not name another act, nor confidently another item
      const check = ctx.codeCheck(s.name, it.name);
      const other = v.action === 'merge' && v.target !== it.code && !cands.some((c) => c.id === it.code && c.score >= t.reviewThreshold) ? cands[0] : undefined;
      if (!check.agrees || other) {
        return {
          action: 'review',
          target: it.code,
          targetName: it.name,
          rule: 'code-conflict',
          reason: explainCodeConflict(it.code, it.name, other ?? cands.find((c) => c.id !== it.code)) + (check.note ? `；${check.note}` : ''),
          score: v.score,
          candidates: [{ code: it.code, name: it.name, score: 1, reason: 'same catalog code', kind: 'catalog' as const }, ...candidates.filter((c) => c.code !== it.code)].slice(0, 3),
        };
      }
      return {
        action: 'merge',
        target: it.code,
        targetName: it.name,
        rule: 'exact-code',
        reason: explainCodeMerge(it.code, it.name),
        score: 1,
        candidates: [{ code: it.code, name: it.name, score: 1, reason: 'same catalog code', kind: 'catalog' }],
      };
    }
  }
  const tieMargin = (t as { tieMargin?: number }).tieMargin;
  const target = v.action === 'migrate' ? undefined : v.target;
  return {
    action: v.action,
    target,
    targetName: cands.find((c) => c.id === target)?.name,
    rule: 'name-match',
    reason: explain(v, cands, { tieMargin }),
    score: v.score,
    candidates,
  };
}

/** Is it a service another app (or this one) already brings? `services` holds those that migrate. */
function findDuplicate(q: MatchDoc, services: NameIndex, t: Workspace['config']['matching']): { v: MatchVerdict; cands: ScoredCandidate[] } {
  const cands = services.searchMemo(q, 3);
  return { v: verdict(cands, t), cands };
}

const errorsOf = (s: CatalogService) =>
  s.issues
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.field}：${i.message}`)
    .join('；');

/**
 * Decides one service (pure apart from the indexes it reads). `services` holds the services
 * decided before this one that will be migrated: a close match there makes this one a duplicate.
 */
export function proposeDecision(
  s: CatalogService,
  ctx: MatchContext,
  services: NameIndex,
  policy: Workspace['config']['policy'],
  t: Workspace['config']['matching'],
): Proposal {
  const r = proposeFromCatalog(s, ctx, policy, t);
  return 'pending' in r ? proposeWithDuplicates(serviceDoc(s), r.pending, services, policy, t) : r;
}

/**
 * What is left to decide once the catalog found nothing close: the duplicate search among the
 * services decided before (which grows, in order, with every migrate), then low usage and errors.
 */
export interface PendingProposal {
  cat: { score?: number; reason: string; candidates: MatchCandidate[] };
  low: boolean;
  visits?: number;
  errs: string;
}

/**
 * The part of proposeDecision that reads only the service, the catalog and the policy (so it can
 * run in another thread, propose-batch.ts): the final proposal, or what the duplicate search needs.
 */
export function proposeFromCatalog(s: CatalogService, ctx: MatchContext, policy: Workspace['config']['policy'], t: Workspace['config']['matching']): Proposal | { pending: PendingProposal } {
  const listed = listedVerdict(s, policy);
  if (listed) return { action: listed.action, reason: listed.reason, decidedBy: 'rule', rule: listed.rule, candidates: [] };

  const cat = findInCatalog(s, ctx, t);

  // formality first, whatever the usage; a name the catalog has, or a keyword inside a real
  // citizen-facing act, goes to a person with both reasons
  const f = formalityHitByName(s, policy);
  if (f) {
    const fv = formalityVerdict(f);
    if (fv.action === 'review') return { action: 'review', reason: withMatch(fv.reason, cat), decidedBy: 'rule', rule: fv.rule, target: cat.target, score: cat.score, candidates: cat.candidates };
    if (cat.action === 'merge') {
      return {
        action: 'review',
        target: cat.target,
        reason: `待审核：含“${f.keyword}”（${categoryWord(f.category)}），但名称与目录事项「${cat.targetName ?? cat.target}」一致：${cat.reason}`,
        decidedBy: 'rule',
        rule: 'formality-match',
        score: cat.score,
        candidates: cat.candidates,
      };
    }
    return { action: 'retire', reason: fv.reason, decidedBy: 'rule', rule: fv.rule, candidates: cat.candidates };
  }

  const low = isLowUsage(s, policy);
  const visits = s.usage?.monthlyVisits;
  const errs = hasErrors(s) ? errorsOf(s) : '';

  if (cat.action === 'merge') {
    // field errors do not block a merge: the merged service points at the catalog's item
    const reason = low ? explainRule('low-usage', { visits, mergedInto: cat.targetName ?? cat.target }) : cat.reason;
    return { action: 'merge', target: cat.target, reason, decidedBy: 'matcher', rule: cat.rule, score: cat.score, candidates: cat.candidates };
  }
  if (cat.action === 'review') {
    const note = [low ? `使用很少（月访问 ${visits} 次）` : '', errs ? `字段错误：${errs}` : ''].filter(Boolean).join('；');
    return { action: 'review', target: cat.target, reason: note ? `${cat.reason}；${note}` : cat.reason, decidedBy: 'matcher', rule: cat.rule, score: cat.score, candidates: cat.candidates };
  }
  return { pending: { cat: { score: cat.score, reason: cat.reason, candidates: cat.candidates }, low, visits, errs } };
}

/** The rest of proposeDecision: the service (as its match document) among those decided before it. */
export function proposeWithDuplicates(
  q: MatchDoc,
  /** or its JSON (propose-batch's pendingJson), parsed only where no duplicate merges the service: most are merged */
  pending: PendingProposal | string,
  services: NameIndex,
  policy: Workspace['config']['policy'],
  t: Workspace['config']['matching'],
): Proposal {
  // not in the base catalog: is it a service another app (or this one) already brings?
  const dup = findDuplicate(q, services, t);
  if (dup.v.action === 'merge') {
    const first = dup.cands[0]!;
    return {
      action: 'merge',
      target: first.id,
      reason: explain(dup.v, dup.cands, { into: true }),
      decidedBy: 'matcher',
      rule: 'duplicate',
      score: first.score,
      candidates: candidatesOf(dup.cands, 'service'),
    };
  }
  const { cat, low, visits, errs } = typeof pending === 'string' ? (JSON.parse(pending) as PendingProposal) : pending;
  const all = [...cat.candidates, ...candidatesOf(dup.cands, 'service')].sort((a, b) => b.score - a.score).slice(0, 3);
  if (dup.v.action === 'review' && dup.cands[0]!.score > (cat.score ?? 0)) {
    return { action: 'review', target: dup.v.target, reason: explain(dup.v, dup.cands, { into: true }).replace(/^待审核：/, "待审核：可能重复，"), decidedBy: 'matcher', rule: 'duplicate', score: dup.v.score, candidates: all };
  }

  // the catalog lacks it
  if (low) {
    const threshold = policy.lowUsageMonthlyVisits;
    if (policy.lowUsageAction === 'retire') {
      return { action: 'retire', reason: explainRule('low-usage', { visits, threshold }), decidedBy: 'rule', rule: 'policy.lowUsageMonthlyVisits', candidates: all };
    }
    return { action: 'review', reason: `待审核：使用很少（月访问 ${visits} 次，低于 ${threshold} 次），目录中没有此事项`, decidedBy: 'rule', rule: 'policy.lowUsageMonthlyVisits', candidates: all };
  }
  if (errs) {
    // a field error blocks migrating: the data must be fixed first
    return { action: 'review', reason: `待审核：需作为新事项迁移，但字段有错误（${errs}），请先更正`, decidedBy: 'rule', rule: 'validation', score: cat.score, candidates: all };
  }
  return { action: 'migrate', reason: cat.reason, decidedBy: 'matcher', rule: 'name-match', score: cat.score, candidates: all };
}

function withMatch(reason: string, cat: CatalogFinding): string {
  return cat.action === 'migrate' ? reason : `${reason}；${cat.reason.replace(/^待审核：/, '')}`;
}
