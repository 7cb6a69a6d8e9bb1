// Renders `yimen decide` (the per-app table, one person's decision, a reviewed spreadsheet taken
// back in) and `yimen review` (what waits for a person, with its candidates).
import type { DecideSummary } from '../../decide/stage.js';
import type { ImportReviewSummary, ReviewItem } from '../../decide/review.js';
import type { Decision } from '../../schema/index.js';
import { renderTable } from './table.js';

export function renderDecideSummary(s: DecideSummary): string {
  const out = [
    renderTable(
      ['app', 'services', 'migrate', 'merge', 'retire', 'review', 'changed', 'people'],
      s.apps.map((a) => [a.appId, a.services, a.migrate, a.merge, a.retire, a.review, a.new + a.changed, a.keptPerson]),
      { align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'] },
    ),
  ];
  if (!s.catalog.items) out.push('note: the base catalog is empty: nothing can merge; run `yimen catalog import` first');
  if (s.clusters?.clusters || s.clusters?.sharedCatalogItems) {
    out.push(`duplicates: ${s.clusters.duplicates} services merge into ${s.clusters.clusters} migrated ones; ${s.clusters.sharedCatalogItems} catalog items are shared by several apps (\`yimen decide --clusters\`)`);
  }
  if (s.totals.review) out.push(`${s.totals.review} services wait for a person: \`yimen review\``);
  return out.join('\n');
}

export function renderPersonDecision(r: { decision: Decision; result: string }, actor: string): string {
  const d = r.decision;
  const to = d.target ? ` → ${d.target}` : '';
  return r.result === 'unchanged' ? `${d.serviceId}: already ${d.action}${to}` : `${d.serviceId}: ${d.action}${to} (decided by ${actor})`;
}

export function renderImportReview(s: ImportReviewSummary): string {
  const out = [`${s.file}: ${s.rows} rows, ${s.applied} decisions applied, ${s.unchanged} unchanged, ${s.skipped} left open (no action)`];
  for (const e of s.errors) out.push(`  row ${e.row} (${e.serviceId}): ${e.message}`);
  return out.join('\n');
}

export function renderReview(items: ReviewItem[]): string {
  if (!items.length) return 'nothing to review';
  return [
    renderTable(
      ['service', 'name', 'why', 'candidates'],
      items.map((i) => [
        `${i.serviceId}\n(${i.appId})`,
        i.name,
        i.reason,
        i.candidates.map((c) => `${c.code} ${c.name} ${c.score.toFixed(2)}${c.kind === 'service' ? ' [service]' : ''}`).join('\n') || '—',
      ]),
    ),
    `${items.length} to review: \`yimen decide SERVICE --action merge|migrate|retire [--to CODE] --reason TEXT\``,
  ].join('\n');
}
