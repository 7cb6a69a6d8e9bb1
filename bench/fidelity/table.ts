// The fidelity table: the practice scorer run on the whole set, on each app and on each trap tag
// (a slice is the key filtered to those records, scored by the same check-gold.mjs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Ratio { n: number; of: number; pct: number | null }
export interface Score {
  services: number;
  dispositionAccuracy: Ratio; strictAccuracy: Ratio; mergePrecision: Ratio; mergeRecall: Ratio; reviewRate: Ratio;
  formalityRetireRecall: Ratio; keywordFalseRetires: Ratio; quarantineRecall: Ratio; entryPointRecall: Ratio; entryPointActionAccuracy: Ratio;
  [k: string]: unknown;
}

export function score(practice: string, goldFile: string, decisionsFile: string): Score {
  const out = execFileSync(process.execPath, [join(practice, 'check-gold.mjs'), goldFile, decisionsFile, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as Score;
}

/** Scores the whole key, then each app's and each trap tag's slice of it. */
export function scoreSlices(practice: string, decisionsFile: string) {
  const goldFile = join(practice, 'gold.json');
  const gold = JSON.parse(readFileSync(goldFile, 'utf8')) as { meta: unknown; services: { app: string; tags?: string[] }[] };
  const dir = mkdtempSync(join(tmpdir(), 'yimen-fidelity-slices-'));
  try {
    const slice = (name: string, keep: (s: { app: string; tags?: string[] }) => boolean) => {
      const f = join(dir, `${name.replace(/[^\w-]/g, '_')}.json`);
      writeFileSync(f, JSON.stringify({ ...gold, services: gold.services.filter(keep) }));
      return score(practice, f, decisionsFile);
    };
    const all = score(practice, goldFile, decisionsFile);
    const apps = [...new Set(gold.services.map((s) => s.app))].map((a) => [a, slice(`app-${a}`, (s) => s.app === a)] as const);
    const tagCount = new Map<string, number>();
    for (const s of gold.services) for (const t of s.tags ?? []) tagCount.set(t, (tagCount.get(t) ?? 0) + 1);
    const tags = [...tagCount].sort((a, b) => b[1] - a[1]).map(([t]) => [t, slice(`tag-${t}`, (s) => (s.tags ?? []).includes(t))] as const);
    return { all, apps, tags };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const COLS: [string, (s: Score) => Ratio][] = [
  ['n', (s) => ({ n: s.services, of: s.services, pct: null })],
  ['disp', (s) => s.dispositionAccuracy],
  ['strict', (s) => s.strictAccuracy],
  ['merge P', (s) => s.mergePrecision],
  ['merge R', (s) => s.mergeRecall],
  ['review', (s) => s.reviewRate],
  ['formality R', (s) => s.formalityRetireRecall],
  ['kw false retire', (s) => s.keywordFalseRetires],
  ['quar R', (s) => s.quarantineRecall],
  ['EP recall', (s) => s.entryPointRecall],
  ['EP action', (s) => s.entryPointActionAccuracy],
];

function cell(name: string, r: Ratio): string {
  if (name === 'n') return String(r.n);
  if (!r || r.of === 0) return '–';
  if (name === 'kw false retire') return `${r.n}/${r.of}`;
  return `${r.pct?.toFixed(1)} %`;
}

/** A Markdown table: one row for all, one per app, one per trap tag. */
export function renderTable(res: ReturnType<typeof scoreSlices>): string {
  const head = `| slice | ${COLS.map((c) => c[0]).join(' | ')} |\n|---|${COLS.map(() => '---:').join('|')}|`;
  const row = (label: string, s: Score) => `| ${label} | ${COLS.map(([n, f]) => cell(n, f(s))).join(' | ')} |`;
  return [
    head,
    row('**all**', res.all),
    ...res.apps.map(([a, s]) => row(`app ${a}`, s)),
    ...res.tags.map(([t, s]) => row(`tag ${t}`, s)),
  ].join('\n');
}
