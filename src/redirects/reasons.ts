// Why a rule does what it does, as a short tag a script can filter on (`yimen redirects list
// --reason TAG`): read from the reason line the planner writes (plan.ts), so the listing needs
// nothing stored beside the rule. A test holds every reason the planner writes to a known tag.
import type { RedirectRule } from '../schema/index.js';

/** tag → the start of the reasons that carry it (plan.ts; phases.ts for the export-day wait) */
const PREFIXES: Array<[string, string[]]> = [
  ['migrated', ['migrated to ']],
  ['merged', ['merged into ']],
  ['retired', ['retired: ']],
  ['app-closing', ['app-level entry point']],
  ['not-published', ['migrating; not yet published']],
  ['review', ['in review: ']],
  ['undecided', ['no decision yet']],
  ['discovered', ['discovered in traffic']],
  ['missing-service', ['no service with source key']],
  ['merge-problem', ['merge loop', 'merge chain', 'merge without a target', 'merge target ']],
  ['refused-destination', ['refused destination']],
];

/** the reason tags `--reason` knows (besides the actions and any text of the reason) */
export const REASON_TAGS = [...PREFIXES.map(([t]) => t), 'conflict'] as const;

/** a rule's reason tags: what the planner decided from, and `conflict` when several services claim its address */
export function reasonTags(rule: Pick<RedirectRule, 'reason'>): string[] {
  const tags: string[] = [];
  for (const [tag, starts] of PREFIXES) if (starts.some((s) => rule.reason.startsWith(s))) tags.push(tag);
  if (rule.reason.includes('; shared address claimed by ')) tags.push('conflict');
  return tags;
}

/** `--reason X`: the rule's action is X, or one of its tags is X, or its reason contains X */
export function reasonMatches(rule: Pick<RedirectRule, 'reason' | 'action'>, x: string): boolean {
  return rule.action === x || reasonTags(rule).includes(x) || rule.reason.includes(x);
}
