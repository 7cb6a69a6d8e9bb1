// Policy rules (DESIGN §9, docs/matching.md "Policy order"): the configured lists, the formality
// rules (a shipped table by category, formality.json, plus policy.retireKeywords) and low usage.
// Pure: a service and the policy in, findings out. propose.ts orders them around the matcher:
// lists and formality first, whatever the usage; then matching; then low usage.
import type { CatalogService } from '../schema/index.js';
import type { WorkspaceConfig } from '../workspace/config.js';
import table from './formality.json' with { type: 'json' };

export type Policy = WorkspaceConfig['policy'];

export interface PolicyVerdict {
  action: 'retire' | 'review';
  rule: string;
  reason: string;
}

/** the formality categories the shipped table knows */
export const FORMALITY_CATEGORIES = Object.keys(table.categories) as Array<keyof typeof table.categories>;
export type FormalityCategory = (typeof FORMALITY_CATEGORIES)[number] | 'keyword';

const CATEGORY_WORDS: Record<string, string> = {
  'check-in': '强制签到打卡',
  'study-time': '学习时长考核',
  'points-ranking': '积分排名',
  'likes-shares': '点赞转发',
  keyword: '形式主义关键词',
};
export const categoryWord = (c: string) => CATEGORY_WORDS[c] ?? c;

const CITIZEN_CONTEXT = table.citizenContext;
// the table's entries are patterns (formality.json): compiled once
const PATTERNS = Object.fromEntries(FORMALITY_CATEGORIES.map((c) => [c, table.categories[c].map((k) => new RegExp(k))])) as Record<keyof typeof table.categories, RegExp[]>;

/** A formality keyword found in a service's name or description. */
export interface FormalityHit {
  category: FormalityCategory;
  keyword: string;
  where: string;
  /** the keyword sits inside a longer citizen-facing act (领取待遇资格认证签到): a step, not a formality */
  context?: string;
}

// extras keys that hold a description of the service (profiles leave it in extras: it is not a
// catalog field)
const DESCRIPTION_KEY = /描述|简介|说明|介绍|概述|功能|内容|desc|summary|intro/i;
/** an extra that describes the service (its text is read as the name is) */
const describes = (key: string, value: unknown): boolean => typeof value === 'string' && DESCRIPTION_KEY.test(key);

/** the texts a keyword rule reads: name, aliases and any description-like extras */
export function describedTexts(s: CatalogService): Array<[string, string]> {
  const out: Array<[string, string]> = [['name', s.name]];
  for (const a of s.aliases ?? []) out.push(['alias', a]);
  for (const [k, v] of Object.entries(s.extras ?? {})) {
    if (describes(k, v)) out.push([`extras.${k}`, v as string]);
  }
  return out;
}

/** The configured lists (policy.retire / policy.review): they decide whatever else is true. */
export function listedVerdict(s: CatalogService, policy: Policy): PolicyVerdict | undefined {
  const key = s.source?.sourceKey;
  const has = (list: string[]) => list.includes(s.id) || (key !== undefined && list.includes(key));
  const which = (list: string[]) => (list.includes(s.id) ? s.id : key);
  if (has(policy.retire)) return { action: 'retire', rule: 'policy.retire', reason: `下线：列在 policy.retire 中（${which(policy.retire)}）` };
  if (has(policy.review)) return { action: 'review', rule: 'policy.review', reason: `待审核：列在 policy.review 中（${which(policy.review)}）` };
  // an adapter marks what is not a service (a "coming soon" card with a javascript:/# link) in
  // the field _notAService (docs/adapters.md); it lands in extras and is retired with its reason
  const notAService = s.extras?.['_notAService'];
  if (typeof notAService === 'string' && notAService) return { action: 'retire', rule: 'not-a-service', reason: `下线：不是服务事项（${notAService}），不迁移` };
  return undefined;
}

/**
 * The first formality keyword in the service's name (then aliases, then description), by the
 * shipped categories (those listed in policy.formalityCategories) and policy.retireKeywords.
 * A name containing one of policy.keywordExceptions is never a formality.
 */
export function formalityHit(s: CatalogService, policy: Policy): FormalityHit | undefined {
  const texts = describedTexts(s);
  if (policy.keywordExceptions.some((e) => texts.some(([, t]) => t.includes(e)))) return undefined;
  const cats = policy.formalityCategories ?? FORMALITY_CATEGORIES;
  for (const [where, text] of texts) {
    let hit: FormalityHit | undefined;
    for (const c of FORMALITY_CATEGORIES) {
      if (!cats.includes(c)) continue;
      let kw: string | undefined;
      for (const re of PATTERNS[c]) if ((kw = re.exec(text)?.[0])) break;
      if (kw) {
        hit = { category: c, keyword: kw, where };
        break;
      }
    }
    if (!hit) {
      const kw = policy.retireKeywords.find((k) => text.includes(k));
      if (kw) hit = { category: categoryOfKeyword(kw), keyword: kw, where };
    }
    if (hit) {
      // the keyword as one step of a citizen-facing act: the object names what the citizen gets
      const rest = text.replace(hit.keyword, ' ');
      const ctx = CITIZEN_CONTEXT.find((w) => rest.includes(w) && !hit!.keyword.includes(w));
      if (ctx) hit.context = ctx;
      return hit;
    }
  }
  return undefined;
}

/**
 * formalityHit, remembered by name for a service known by its name alone (no aliases, no
 * description-like extras: its texts are its name): the same services recur in every county's app,
 * and the patterns cost a microsecond a name. Per policy; a hit is shared, and nothing changes it.
 */
export function formalityHitByName(s: CatalogService, policy: Policy): FormalityHit | undefined {
  if (s.aliases?.length || hasDescription(s)) return formalityHit(s, policy);
  let memo = hitsByPolicy.get(policy);
  if (!memo || memo.size > 100_000) hitsByPolicy.set(policy, (memo = new Map()));
  let hit = memo.get(s.name);
  if (hit === undefined) memo.set(s.name, (hit = formalityHit(s, policy) ?? null));
  return hit ?? undefined;
}
const hitsByPolicy = new WeakMap<Policy, Map<string, FormalityHit | null>>();

/** does describedTexts read more than the name and aliases */
function hasDescription(s: CatalogService): boolean {
  const extras = s.extras;
  if (extras) for (const k in extras) if (describes(k, extras[k])) return true;
  return false;
}

function categoryOfKeyword(kw: string): FormalityCategory {
  for (const c of FORMALITY_CATEGORIES) if (PATTERNS[c].some((re) => re.test(kw) || re.source.includes(kw))) return c;
  return 'keyword';
}

/** Low usage: strictly fewer monthly visits than policy.lowUsageMonthlyVisits; unknown visits are not low. */
export function isLowUsage(s: CatalogService, policy: Policy): boolean {
  const visits = s.usage?.monthlyVisits;
  return policy.lowUsageMonthlyVisits !== undefined && visits !== undefined && visits < policy.lowUsageMonthlyVisits;
}

/**
 * The rules that decide without the matcher, in order: lists, then formality with no citizen
 * context, then low usage. Kept for callers that want a verdict without a catalog; the decide
 * stage (proposeDecision) consults the matcher between formality and low usage, so a formality
 * hit on a name the catalog has, or a rarely used service the catalog has, is decided there.
 */
export function applyPolicy(s: CatalogService, policy: Policy): PolicyVerdict | undefined {
  const listed = listedVerdict(s, policy);
  if (listed) return listed;
  const f = formalityHit(s, policy);
  if (f) return formalityVerdict(f);
  if (isLowUsage(s, policy)) {
    const visits = s.usage!.monthlyVisits!;
    return {
      action: policy.lowUsageAction,
      rule: 'policy.lowUsageMonthlyVisits',
      reason:
        policy.lowUsageAction === 'retire'
          ? `下线：使用很少（月访问 ${visits} 次，低于 ${policy.lowUsageMonthlyVisits} 次）`
          : `待审核：使用很少（月访问 ${visits} 次，低于 ${policy.lowUsageMonthlyVisits} 次）`,
    };
  }
  return undefined;
}

/** A formality hit alone: retire, or review when the keyword is a step of a citizen-facing act. */
export function formalityVerdict(f: FormalityHit): PolicyVerdict {
  // where the keyword was found, when not in the name: 别名, or the description field's own label
  const where = f.where === 'name' ? '' : f.where === 'alias' ? '（见别名）' : `（见${f.where.replace(/^extras\./, '')}）`;
  if (f.context) {
    return {
      action: 'review',
      rule: 'formality-context',
      reason: `待审核：含“${f.keyword}”（${categoryWord(f.category)}）${where}，但它是“${f.context}”类办事的一步，可能是真实服务`,
    };
  }
  return { action: 'retire', rule: 'policy.retireKeywords', reason: `下线：形式主义功能（${categoryWord(f.category)}，含“${f.keyword}”）${where}，不迁移` };
}
