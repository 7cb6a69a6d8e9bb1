// Match quality on the labelled dev set (test/fixtures/matching): merge precision, recall and
// review rate of yimen's matcher at the workspace's thresholds, beside Fuse.js on the same set at
// its best threshold (a sweep). Run: npx tsx bench/match-quality/run.ts [--verbose] [--merge 0.9 --review 0.6]
// With --generalisation: the generalisation set instead (generalisation.ts: county-app wording of
// real Sichuan items through the whole decide policy), its figures and, with --verbose, each miss.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import Fuse from 'fuse.js';
import { buildMatchContext, catalogDoc } from '../../src/decide/index.js';
import { verdict } from '../../src/map/match/matcher.js';
import { taskTypeCode } from '../../src/schema/task-type.js';
import { MatchingConfig } from '../../src/workspace/config.js';
import type { CatalogItem } from '../../src/schema/index.js';
import { report, runGeneralisation } from './generalisation.js';

const dir = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'matching');
const argv = process.argv.slice(2);
const arg = (k: string) => {
  const i = argv.indexOf(k);
  return i >= 0 ? Number(argv[i + 1]) : undefined;
};
const verbose = argv.includes('--verbose');
const defaults = MatchingConfig.parse({});
const t = { mergeThreshold: arg('--merge') ?? defaults.mergeThreshold, reviewThreshold: arg('--review') ?? defaults.reviewThreshold };

export function loadCatalog(): CatalogItem[] {
  const rows = parse(readFileSync(join(dir, 'base-catalog.csv')), { columns: true, bom: true }) as Record<string, string>[];
  return rows.map((r) => ({
    code: r['基本编码']!,
    name: r['事项名称']!,
    taskType: { code: taskTypeCode(r['事项类型']), label: r['事项类型']! },
    department: r['实施部门'],
  }));
}

export interface Labelled {
  name: string;
  department?: string;
  taskType?: string;
  expect: string; // a code, NEW or AMBIG
  kind: string;
}

export function loadDevSet(items: CatalogItem[], file = 'dev-set.tsv'): Labelled[] {
  const byName = new Map(items.map((i) => [i.name, i.code]));
  const rows = parse(readFileSync(join(dir, file)), { columns: true, delimiter: '\t', bom: true, relax_quotes: true }) as Record<string, string>[];
  return rows.map((r) => {
    const e = r.expect!;
    const code = e === 'NEW' || e === 'AMBIG' ? e : byName.get(e);
    if (!code) throw new Error(`dev set: "${r.name}" expects "${e}", which is not in the base catalog`);
    return { name: r.name!, department: r.department || undefined, taskType: r.taskType || undefined, expect: code, kind: r.kind! };
  });
}

interface Outcome {
  action: 'merge' | 'review' | 'migrate';
  target?: string;
}

export function metrics(set: Labelled[], outs: Outcome[]) {
  let merges = 0;
  let correct = 0;
  let reviews = 0;
  const positives = set.filter((s) => s.expect !== 'NEW' && s.expect !== 'AMBIG').length;
  set.forEach((s, i) => {
    const o = outs[i]!;
    if (o.action === 'review') reviews++;
    if (o.action === 'merge') {
      merges++;
      if (o.target === s.expect) correct++;
    }
  });
  const precision = merges ? correct / merges : 1;
  const recall = positives ? correct / positives : 1;
  return { n: set.length, positives, merges, correct, wrong: merges - correct, reviews, precision, recall, reviewRate: reviews / set.length, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function evaluate(ctx: ReturnType<typeof buildMatchContext>, set: Labelled[]): Outcome[] {
  return set.map((s) => {
    const v = verdict(ctx.catalog.search({ id: '?', name: s.name, department: s.department, taskType: taskTypeCode(s.taskType) }, 3), t);
    return { action: v.action, target: v.action === 'migrate' ? undefined : v.target };
  });
}

/**
 * The precision/recall curve: the candidates are searched once, then every merge threshold (the
 * review threshold held) gives a verdict per name. The threshold chosen is the one with the best
 * recall among those whose merge precision is at least `minPrecision` and review rate at most
 * `maxReview` (issue 11's targets); a tie goes to the higher threshold (the safer one).
 */
export function curve(ctx: ReturnType<typeof buildMatchContext>, set: Labelled[], review: number, minPrecision = 0.985, maxReview = 0.1) {
  const cands = set.map((s) => ctx.catalog.search({ id: '?', name: s.name, department: s.department, taskType: taskTypeCode(s.taskType) }, 3));
  const points = [];
  for (let m = 0.8; m <= 0.99 + 1e-9; m += 0.01) {
    const th = { ...t, mergeThreshold: Math.round(m * 100) / 100, reviewThreshold: review };
    const outs = cands.map((c) => {
      const v = verdict(c, th);
      return { action: v.action, target: v.action === 'migrate' ? undefined : v.target };
    });
    points.push({ threshold: th.mergeThreshold, ...metrics(set, outs) });
  }
  const ok = points.filter((p) => p.precision >= minPrecision && p.reviewRate <= maxReview);
  const chosen = ok.reduce<(typeof points)[number] | undefined>((b, p) => (!b || p.recall > b.recall || (p.recall === b.recall && p.threshold > b.threshold) ? p : b), undefined);
  return { points, chosen, minPrecision, maxReview };
}

function printCurve(label: string, c: ReturnType<typeof curve>) {
  console.log(`\nprecision/recall curve, ${label} (review threshold ${t.reviewThreshold}):`);
  console.log('  merge ≥  precision  recall   review  merges (wrong)');
  for (const p of c.points) {
    const mark = c.chosen?.threshold === p.threshold ? '  ← chosen' : '';
    console.log(`   ${p.threshold.toFixed(2)}   ${pct(p.precision).padStart(8)}  ${pct(p.recall).padStart(7)}  ${pct(p.reviewRate).padStart(7)}  ${p.merges} (${p.wrong})${mark}`);
  }
  console.log(c.chosen ? `  chosen: ${c.chosen.threshold} (best recall with precision ≥ ${pct(c.minPrecision)} and review ≤ ${pct(c.maxReview)})` : '  no threshold meets the precision and review targets');
}

function main() {
  const items = loadCatalog();
  if (argv.includes('--generalisation')) {
    console.log(report(runGeneralisation(items), verbose));
    return;
  }
  const set = loadDevSet(items);
  const check = loadDevSet(items, 'check-set.tsv');

  // yimen
  let t0 = performance.now();
  const ctx = buildMatchContext(items);
  const ours: Outcome[] = [];
  const detail: string[] = [];
  for (const s of set) {
    const cands = ctx.catalog.search({ id: '?', name: s.name, department: s.department, taskType: taskTypeCode(s.taskType) }, 3);
    const v = verdict(cands, t);
    ours.push({ action: v.action, target: v.action === 'migrate' ? undefined : v.target });
    const ok =
      (s.expect === 'NEW' && v.action === 'migrate') ||
      (s.expect === 'AMBIG' && v.action === 'review') ||
      (v.action === 'merge' && v.target === s.expect);
    if (!ok && verbose) {
      const exp = s.expect === 'NEW' || s.expect === 'AMBIG' ? s.expect : `${items.find((i) => i.code === s.expect)!.name}`;
      detail.push(`${v.action === 'merge' && v.target !== s.expect ? 'WRONG ' : v.action === 'review' ? 'review' : 'miss  '} [${s.kind}] ${s.name} → ${v.action} ${cands[0] ? `${cands[0].name} ${cands[0].score}` : ''} | expected ${exp} | ${cands[0]?.reason ?? ''}`);
    }
  }
  const oursMs = performance.now() - t0;
  const m = metrics(set, ours);

  // Fuse.js: the fuzzy search a team would otherwise reach for; best threshold by a sweep
  t0 = performance.now();
  const fuse = new Fuse(items, { keys: ['name'], includeScore: true, threshold: 1, ignoreLocation: true });
  const best = set.map((s) => fuse.search(s.name, { limit: 1 })[0]);
  const fuseMs = performance.now() - t0;
  const sweep: Array<{ th: number } & ReturnType<typeof metrics>> = [];
  for (let th = 0; th <= 1.0001; th += 0.01) {
    const outs = best.map((b): Outcome => (b && (b.score ?? 1) <= th ? { action: 'merge', target: b.item.code } : { action: 'migrate' }));
    sweep.push({ th: Math.round(th * 100) / 100, ...metrics(set, outs) });
  }
  const bestF1 = sweep.reduce((a, b) => (b.f1 > a.f1 ? b : a));
  const atPrecision = sweep.filter((s) => s.precision >= 0.97 && s.merges > 0).reduce((a, b) => (b.recall > a.recall ? b : a), { recall: -1 } as (typeof sweep)[number]);

  const byKind = new Map<string, { n: number; merge: number; right: number; review: number; migrate: number }>();
  set.forEach((s, i) => {
    const k = byKind.get(s.kind) ?? { n: 0, merge: 0, right: 0, review: 0, migrate: 0 };
    k.n++;
    k[ours[i]!.action]++;
    if (ours[i]!.action === 'merge' && ours[i]!.target === s.expect) k.right++;
    byKind.set(s.kind, k);
  });

  console.log(`dev set: ${set.length} names (${m.positives} in the catalog, ${set.filter((s) => s.expect === 'NEW').length} new, ${set.filter((s) => s.expect === 'AMBIG').length} ambiguous) against ${items.length} catalog items`);
  console.log(`thresholds: merge ≥ ${t.mergeThreshold}, review ≥ ${t.reviewThreshold}\n`);
  console.log('                      precision  recall   review   merges (wrong)');
  console.log(`yimen matcher         ${pct(m.precision).padStart(8)}  ${pct(m.recall).padStart(7)}  ${pct(m.reviewRate).padStart(7)}  ${m.merges} (${m.wrong})`);
  console.log(`Fuse.js best F1       ${pct(bestF1.precision).padStart(8)}  ${pct(bestF1.recall).padStart(7)}  ${pct(0).padStart(7)}  ${bestF1.merges} (${bestF1.wrong})   threshold ${bestF1.th}`);
  if (atPrecision.recall >= 0)
    console.log(`Fuse.js at P ≥ 0.97   ${pct(atPrecision.precision).padStart(8)}  ${pct(atPrecision.recall).padStart(7)}  ${pct(0).padStart(7)}  ${atPrecision.merges} (${atPrecision.wrong})   threshold ${atPrecision.th}`);
  else console.log('Fuse.js at P ≥ 0.97   no threshold reaches it');
  const cm = metrics(check, evaluate(ctx, check));
  console.log(
    `yimen, check set      ${pct(cm.precision).padStart(8)}  ${pct(cm.recall).padStart(7)}  ${pct(cm.reviewRate).padStart(7)}  ${cm.merges} (${cm.wrong})   ${check.length} names written after tuning, never tuned on`,
  );
  console.log(`\ntime: yimen ${oursMs.toFixed(0)} ms (index build included), Fuse.js ${fuseMs.toFixed(0)} ms for ${set.length} names`);
  const devCurve = curve(ctx, set, t.reviewThreshold);
  printCurve('dev set', devCurve);
  if (devCurve.chosen) {
    const c = curve(ctx, check, t.reviewThreshold).points.find((p) => p.threshold === devCurve.chosen!.threshold)!;
    console.log(`  check set at ${devCurve.chosen.threshold} (never tuned on): precision ${pct(c.precision)}, recall ${pct(c.recall)}, review ${pct(c.reviewRate)}`);
  }
  console.log('\nyimen by kind:   n  merge(right) review migrate');
  for (const [k, v] of byKind) console.log(`  ${k.padEnd(8)} ${String(v.n).padStart(5)}  ${String(v.merge).padStart(4)}(${v.right})  ${String(v.review).padStart(6)} ${String(v.migrate).padStart(7)}`);
  if (verbose) console.log('\n' + detail.join('\n'));
  console.log(
    `\ntargets: precision ≥ 97 % ${m.precision >= 0.97 ? 'met' : 'NOT met'}, recall ≥ 93 % ${m.recall >= 0.93 ? 'met' : 'NOT met'}, review ≤ 10 % ${m.reviewRate <= 0.1 ? 'met' : 'NOT met'}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
