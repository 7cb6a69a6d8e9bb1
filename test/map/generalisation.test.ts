// Generalisation beyond the practice set: 110 names a county app would show for real Sichuan
// catalog items (abbreviations, colloquial names, act opposites, purpose qualifiers, formality
// features, citizen acts that merely contain a formality word), each labelled with the outcome a
// careful person wants, run through the real decide policy (proposeDecision) against the Guang'an
// base catalog. Rows that must be right are asserted one by one; the few known open cases
// (column `open`) may not get worse. The figures are printed: `npx tsx bench/match-quality/run.ts --generalisation`.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../bench/match-quality/run.js';
import { loadGeneralisation, report, runGeneralisation, summarise, type GenResult } from '../../bench/match-quality/generalisation.js';

const results: GenResult[] = runGeneralisation(loadCatalog(), loadGeneralisation());

describe('generalisation set (not the practice set)', () => {
  it.each(results.filter((r) => !r.row.open).map((r) => [r.row.name, r] as const))('%s', (_name, r) => {
    expect({ verdict: r.verdict, action: r.action, target: r.targetName }, `${r.row.kind}: expected ${r.row.expect}; ${r.reason}`).toMatchObject({ verdict: 'right' });
  });

  it('known open cases do not get worse (a wrong merge or retire is the worst)', () => {
    const rank = { right: 0, 'safe-miss': 1, miss: 2, 'wrong-merge': 3, 'wrong-retire': 3 } as const;
    for (const r of results.filter((x) => x.row.open)) {
      expect(rank[r.verdict], `${r.row.name}: ${r.verdict}, recorded ${r.row.open}; ${r.reason}`).toBeLessThanOrEqual(rank[r.row.open as keyof typeof rank]);
    }
  });

  it('meets the targets overall: no retire of a real service, merges precise, most rows right', () => {
    const s = summarise(results);
    console.log(report(results));
    expect(s.wrongRetires).toBe(0);
    expect(s.mergePrecision).toBeGreaterThanOrEqual(0.98);
    expect(s.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(s.reviewRate).toBeLessThanOrEqual(0.12);
    // every formality row is retired, every citizen act holding a formality word is not
    expect(results.filter((r) => r.row.kind === 'formality').every((r) => r.action === 'retire')).toBe(true);
    expect(results.filter((r) => r.row.kind === 'formality-context').some((r) => r.action === 'retire')).toBe(false);
  });
});
