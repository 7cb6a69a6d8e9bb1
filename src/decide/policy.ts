// Policy rules (DESIGN §9): run before matching. Formality features (forced check-in and the like)
// and configured lists are retired or sent to review with the rule named; low usage is a
// configurable rule. Pure: a service and the policy in, a verdict (or nothing) out.
import type { CatalogService } from '../schema/index.js';
import type { WorkspaceConfig } from '../workspace/config.js';

export type Policy = WorkspaceConfig['policy'];

export interface PolicyVerdict {
  action: 'retire' | 'review';
  rule: string;
  reason: string;
}

// extras keys that hold a description of the service (profiles leave it in extras: it is not a
// catalog field)
const DESCRIPTION_KEY = /描述|简介|说明|介绍|概述|功能|内容|desc|summary|intro/i;

/** the texts a keyword rule reads: name, aliases and any description-like extras */
export function describedTexts(s: CatalogService): Array<[string, string]> {
  const out: Array<[string, string]> = [['name', s.name]];
  for (const a of s.aliases ?? []) out.push(['alias', a]);
  for (const [k, v] of Object.entries(s.extras ?? {})) {
    if (typeof v === 'string' && DESCRIPTION_KEY.test(k)) out.push([`extras.${k}`, v]);
  }
  return out;
}

export function applyPolicy(s: CatalogService, policy: Policy): PolicyVerdict | undefined {
  const key = s.source?.sourceKey;
  if (policy.retire.includes(s.id) || (key !== undefined && policy.retire.includes(key))) {
    return { action: 'retire', rule: 'policy.retire', reason: `listed in policy.retire (${policy.retire.includes(s.id) ? s.id : key})` };
  }
  if (policy.review.includes(s.id) || (key !== undefined && policy.review.includes(key))) {
    return { action: 'review', rule: 'policy.review', reason: `listed in policy.review (${policy.review.includes(s.id) ? s.id : key})` };
  }
  for (const [where, text] of describedTexts(s)) {
    const kw = policy.retireKeywords.find((k) => text.includes(k));
    if (kw) {
      return {
        action: 'retire',
        rule: 'policy.retireKeywords',
        reason: `formality feature: "${kw}" in ${where} (forced check-in and the like are removed, not migrated)`,
      };
    }
  }
  const visits = s.usage?.monthlyVisits;
  if (policy.lowUsageMonthlyVisits !== undefined && visits !== undefined && visits < policy.lowUsageMonthlyVisits) {
    return {
      action: policy.lowUsageAction,
      rule: 'policy.lowUsageMonthlyVisits',
      reason: `low usage: ${visits} visits a month < ${policy.lowUsageMonthlyVisits}`,
    };
  }
  return undefined;
}
