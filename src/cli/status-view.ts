// Renders the status report as terminal tables.
import type { StatusReport } from '../status/model.js';
import { renderTable } from './render.js';

export function renderStatus(st: StatusReport): string {
  const rows = st.apps.map((a) => [
    `${a.appId}\n${a.name}`,
    a.division,
    a.extracted,
    a.quarantined,
    a.services,
    a.invalid,
    a.migrate,
    a.merge,
    a.retire,
    a.review + a.undecided,
    `${a.published}/${a.migrate}`,
    `${a.redirects.redirect}/${a.redirects.notice}/${a.redirects.pending}/${a.redirects.unresolved}`,
    a.timeline.shutdown ? `${a.timeline.shutdown}\n${dayLabel(a)}` : '—',
  ]);
  const t = st.totals;
  rows.push([
    'total',
    '',
    t.extracted,
    t.quarantined,
    t.services,
    t.invalid,
    t.migrate,
    t.merge,
    t.retire,
    t.review + t.undecided,
    `${t.published}/${t.migrate}`,
    `${t.redirects.redirect}/${t.redirects.notice}/${t.redirects.pending}/${t.redirects.unresolved}`,
    t.atRisk ? `${t.atRisk} at risk` : '',
  ]);
  const head = ['app', 'division', 'extracted', 'quarantined', 'services', 'invalid', 'migrate', 'merge', 'retire', 'review', 'published', 'redirects\nrdr/ntc/pnd/unr', 'shutdown'];
  const out = [`status as of ${st.asOf} (Asia/Shanghai)`, renderTable(head, rows, { align: head.map((_, i) => (i >= 2 && i <= 9 ? 'right' : 'left')) })];
  const blocked = st.apps.filter((a) => a.blockers.length);
  if (blocked.length) {
    out.push('', 'blockers:');
    for (const a of blocked) for (const b of a.blockers) out.push(`  ${a.appId}: ${b.message}`);
  }
  return out.join('\n');
}

function dayLabel(a: StatusReport['apps'][number]): string {
  const d = a.timeline.daysToShutdown;
  if (d === undefined) return '';
  if (a.timeline.overdue) return `OVERDUE ${-d}d`;
  const s = d < 0 ? `${-d}d ago` : `in ${d}d`;
  return a.timeline.atRisk ? `${s} AT RISK` : s;
}
