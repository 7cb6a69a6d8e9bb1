// Proposes a disposition for one service (DESIGN §9): policy rules → invalid data (review) →
// exact catalog code → the matcher against the base catalog → duplicates of services decided before
// it (inside one app and across apps) → migrate. Pure apart from the indexes it reads.
import { hasErrors, type CatalogItem, type CatalogService, type Decision, type MatchCandidate } from '../schema/index.js';
import type { Workspace } from '../workspace/loader.js';
import { Matcher, verdict, type MatchDoc, type NameIndex, type ScoredCandidate } from '../map/match/matcher.js';
import { taskTypeCode } from '../schema/task-type.js';
import { applyPolicy } from './policy.js';

/** the matcher and its catalog index, built once per run */
export interface MatchContext {
  matcher: Matcher;
  catalog: NameIndex;
  byCode: Map<string, CatalogItem>;
}

export function catalogDoc(it: CatalogItem): MatchDoc {
  return { id: it.code, name: it.name, taskType: taskTypeCode(it.taskType), department: it.department };
}

export function serviceDoc(s: CatalogService): MatchDoc {
  return { id: s.id, name: s.name, taskType: taskTypeCode(s.taskType), department: s.agency?.name };
}

export function buildMatchContext(items: CatalogItem[], synonyms: Record<string, string> = {}): MatchContext {
  const matcher = new Matcher({ synonyms });
  const catalog = matcher.catalogIndex(items.map(catalogDoc));
  const byCode = new Map<string, CatalogItem>();
  for (const it of items) byCode.set(normCode(it.code), it);
  return { matcher, catalog, byCode };
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

export type Proposal = Omit<Decision, 'serviceId' | 'appId' | 'actor' | 'at'>;

/**
 * Decides one service (pure apart from the service index it reads). `services` holds the services
 * decided before this one that will be migrated: a close match there makes this one a duplicate.
 */
export function proposeDecision(
  s: CatalogService,
  ctx: MatchContext,
  services: NameIndex,
  policy: Workspace['config']['policy'],
  t: Workspace['config']['matching'],
): Proposal {
  const p = applyPolicy(s, policy);
  if (p) return { action: p.action, reason: p.reason, decidedBy: 'rule', rule: p.rule, candidates: [] };
  if (hasErrors(s)) {
    const errs = s.issues.filter((i) => i.severity === 'error');
    return {
      action: 'review',
      reason: `invalid data: ${errs.map((i) => `${i.field}: ${i.message} (${i.code})`).join('; ')}`,
      decidedBy: 'rule',
      rule: 'validation',
      candidates: [],
    };
  }
  if (s.catalogCode) {
    const it = ctx.byCode.get(normCode(s.catalogCode));
    if (it) {
      return {
        action: 'merge',
        target: it.code,
        reason: `same catalog code as ${it.name} (${it.code})`,
        decidedBy: 'matcher',
        rule: 'exact-code',
        score: 1,
        candidates: [{ code: it.code, name: it.name, score: 1, reason: 'same catalog code', kind: 'catalog' }],
      };
    }
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
  const candidates = cands.map(toCandidate('catalog'));
  if (v.action === 'merge') {
    return { action: 'merge', target: v.target, reason: v.reason, decidedBy: 'matcher', rule: 'name-match', score: v.score, candidates };
  }
  if (v.action === 'review') {
    return { action: 'review', target: v.target, reason: v.reason, decidedBy: 'matcher', rule: 'name-match', score: v.score, candidates };
  }
  // not in the base catalog: is it a service another app (or this one) already brings?
  const dups = services.searchMemo(q, 3);
  const dv = verdict(dups, t);
  if (dv.action === 'merge') {
    const first = dups[0]!;
    return {
      action: 'merge',
      target: first.id,
      reason: `duplicate of service ${first.id} (${first.name}, ${first.score.toFixed(2)}): ${first.reason}`,
      decidedBy: 'matcher',
      rule: 'duplicate',
      score: first.score,
      candidates: dups.map(toCandidate('service')),
    };
  }
  const all = [...candidates, ...dups.map(toCandidate('service'))].sort((a, b) => b.score - a.score).slice(0, 3);
  if (dv.action === 'review' && dups[0]!.score > v.score) {
    return { action: 'review', target: dv.target, reason: `possible duplicate: ${dv.reason}`, decidedBy: 'matcher', rule: 'duplicate', score: dv.score, candidates: all };
  }
  return { action: 'migrate', reason: v.reason, decidedBy: 'matcher', rule: 'name-match', score: v.score, candidates: all };
}
