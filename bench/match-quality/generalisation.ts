// The generalisation set (test/fixtures/matching/generalisation.csv): names a county app would show
// for real Sichuan catalog items (abbreviations, colloquial names, act opposites, purpose
// qualifiers, formality features and citizen acts that merely contain their words), each with the
// outcome a careful person wants. Run through the real decide policy (proposeDecision) against the
// Guang'an base catalog, never the practice set: a gain here is a gain on wording nobody tuned to.
// Used by test/map/generalisation.test.ts and `npx tsx bench/match-quality/run.ts --generalisation`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { buildMatchContext, proposeDecision } from '../../src/decide/index.js';
import { CatalogService, type CatalogItem } from '../../src/schema/index.js';
import { MatchingConfig, PolicyConfig } from '../../src/workspace/config.js';

const dir = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'matching');

/** the expected outcome: a catalog item's name (merge into it), NEW, REVIEW, RETIRE or KEEP (anything but retire) */
export interface GenRow {
  name: string;
  department?: string;
  expect: string;
  kind: string;
  /**
   * a known open case: the verdict it gets today (safe-miss, miss, wrong-merge), kept so the test
   * fails if it gets worse and the report shows when it gets right; empty for rows that must be right
   */
  open: string;
  note: string;
}

export type Verdict = 'right' | 'safe-miss' | 'wrong-merge' | 'wrong-retire' | 'miss';

export interface GenResult {
  row: GenRow;
  action: string;
  target?: string;
  targetName?: string;
  reason: string;
  verdict: Verdict;
}

export function loadGeneralisation(): GenRow[] {
  const rows = parse(readFileSync(join(dir, 'generalisation.csv')), { columns: true, bom: true }) as Record<string, string>[];
  return rows.map((r) => ({ name: r.name!, department: r.department || undefined, expect: r.expect!, kind: r.kind!, open: r.open ?? '', note: r.note ?? '' }));
}

/**
 * Runs every row through proposeDecision with the example workspace's policy and thresholds
 * (examples/hunan: formality keywords, low usage retire, merge ≥ 0.89, review ≥ 0.6).
 */
export function runGeneralisation(items: CatalogItem[], rows = loadGeneralisation()): GenResult[] {
  const byName = new Map(items.map((i) => [i.name, i.code]));
  for (const r of rows) {
    if (!['NEW', 'REVIEW', 'RETIRE', 'KEEP'].includes(r.expect) && !byName.has(r.expect)) throw new Error(`generalisation set: "${r.name}" expects "${r.expect}", which is not in the base catalog`);
  }
  const ctx = buildMatchContext(items);
  const services = ctx.matcher.newIndex();
  const policy = PolicyConfig.parse({ lowUsageMonthlyVisits: 30, lowUsageAction: 'retire' });
  const t = MatchingConfig.parse({ mergeThreshold: 0.89, reviewThreshold: 0.6 });
  const nameOf = new Map(items.map((i) => [i.code, i.name]));
  return rows.map((row, k) => {
    const s = CatalogService.parse({
      id: `gen-${k}`,
      appId: 'gen',
      source: { adapter: 'spreadsheet', stream: 'services', sourceKey: String(k), locator: `generalisation.csv#L${k + 2}`, extractedAt: '2025-01-01T00:00:00Z', contentHash: String(k) },
      name: row.name,
      ...(row.department ? { agency: { name: row.department } } : {}),
    });
    const p = proposeDecision(s, ctx, services, policy, t);
    const want = byName.get(row.expect);
    let verdict: Verdict;
    if (p.action === 'retire') verdict = row.expect === 'RETIRE' ? 'right' : 'wrong-retire';
    else if (row.expect === 'RETIRE') verdict = 'miss';
    else if (row.expect === 'KEEP') verdict = 'right';
    else if (p.action === 'merge') verdict = p.target === want ? 'right' : 'wrong-merge';
    else if (row.expect === 'NEW') verdict = p.action === 'migrate' ? 'right' : 'safe-miss';
    else if (row.expect === 'REVIEW') verdict = p.action === 'review' ? 'right' : 'miss';
    else verdict = p.action === 'review' ? 'safe-miss' : 'miss';
    return { row, action: p.action, target: p.target, targetName: p.target ? nameOf.get(p.target) : undefined, reason: p.reason, verdict };
  });
}

export function summarise(results: GenResult[]) {
  const n = results.length;
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  const byKind = new Map<string, { n: number; right: number }>();
  for (const r of results) {
    const k = byKind.get(r.row.kind) ?? { n: 0, right: 0 };
    k.n++;
    if (r.verdict === 'right') k.right++;
    byKind.set(r.row.kind, k);
  }
  const merges = results.filter((r) => r.action === 'merge').length;
  const positives = results.filter((r) => !['NEW', 'REVIEW', 'RETIRE', 'KEEP'].includes(r.row.expect)).length;
  const rightMerges = results.filter((r) => r.action === 'merge' && r.verdict === 'right').length;
  return {
    n,
    right: count('right'),
    accuracy: count('right') / n,
    wrongMerges: count('wrong-merge'),
    wrongRetires: count('wrong-retire'),
    safeMisses: count('safe-miss'),
    misses: count('miss'),
    mergePrecision: merges ? rightMerges / merges : 1,
    mergeRecall: positives ? rightMerges / positives : 1,
    reviewRate: results.filter((r) => r.action === 'review').length / n,
    byKind,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** the figures as lines of text (the bench prints them, the test logs them) */
export function report(results: GenResult[], verbose = false): string {
  const s = summarise(results);
  const out = [
    `generalisation set: ${s.n} names against the Guang'an catalog (never the practice set)`,
    `  right ${s.right}/${s.n} = ${pct(s.accuracy)}; merge P ${pct(s.mergePrecision)}, merge R ${pct(s.mergeRecall)}, review ${pct(s.reviewRate)}`,
    `  wrong merges ${s.wrongMerges}, wrong retires ${s.wrongRetires}, safe misses (review or migrate instead) ${s.safeMisses}, misses ${s.misses}`,
    '  by kind: ' + [...s.byKind].map(([k, v]) => `${k} ${v.right}/${v.n}`).join(', '),
  ];
  if (verbose) {
    for (const r of results) {
      if (r.verdict === 'right') continue;
      out.push(`  ${r.verdict.padEnd(12)} [${r.row.kind}] ${r.row.name} → ${r.action}${r.targetName ? ` ${r.targetName}` : ''} | expected ${r.row.expect} | ${r.reason}`);
    }
  }
  return out.join('\n');
}
