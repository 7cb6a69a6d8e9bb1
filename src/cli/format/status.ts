// Renders the status report as terminal tables.
import type { StatusReport } from '../../status/model.js';
import type { WorkspaceStatus } from '../../status/index.js';
import { renderTable } from './table.js';
import { shanghaiTime } from '../../time/index.js';

export function renderStatus(st: WorkspaceStatus): string {
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
    `${a.verification.ok}/${a.verification.failed}/${a.verification.unverified}`,
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
    `${t.verification.ok}/${t.verification.failed}/${t.verification.unverified}`,
    t.atRisk ? `${t.atRisk} at risk` : '',
  ]);
  const head = ['app', 'division', 'extracted', 'quarantined', 'services', 'invalid', 'migrate', 'merge', 'retire', 'review', 'published', 'redirects\nrdr/ntc/pnd/unr', 'verified\nok/fail/none', 'shutdown'];
  const out = [`status as of ${st.asOf} (Asia/Shanghai)`, renderTable(head, rows, { align: head.map((_, i) => (i >= 2 && i <= 9 ? 'right' : 'left')) })];
  out.push(catalogLine(st.catalog));
  const cities = st.rollups.filter((r) => r.level === 'city');
  if (cities.length > 1) {
    out.push('', 'by city and province:');
    for (const r of [...cities, ...st.rollups.filter((x) => x.level === 'province')]) {
      out.push(
        `  ${r.name ?? r.code} (${r.code}): ${r.apps} app(s), ${r.services} services: ${r.migrate} migrate, ${r.merge} merge, ${r.retire} retire, ${r.review} review; ${r.published} published${r.atRisk ? `; ${r.atRisk} at risk` : ''}`,
      );
    }
  }
  const late = st.apps.filter((a) => a.overdue.length);
  if (late.length) {
    out.push('', 'overdue:');
    for (const a of late) for (const o of a.overdue) out.push(`  ${a.appId}: ${o.message}`);
  }
  const blocked = st.apps.filter((a) => a.blockers.length);
  if (blocked.length) {
    out.push('', 'blockers:');
    for (const a of blocked) for (const b of a.blockers) out.push(`  ${a.appId}: ${b.message}`);
  }
  return out.join('\n');
}

function catalogLine(c: WorkspaceStatus['catalog']): string {
  if (!c.items && !c.importedAt) return 'base catalog: not imported (yimen catalog import): nothing can merge yet';
  const when = c.importedAt ? shanghaiTime(c.importedAt) : '?';
  const parts = [`base catalog: ${c.items} items from ${c.source ?? '?'}, imported ${when}`];
  if (c.quarantined) parts.push(`${c.quarantined} rows quarantined (yimen quarantine --app _catalog)`);
  if (c.stale) parts.push('imported after the last decide: run yimen decide');
  return parts.join('; ');
}

function dayLabel(a: StatusReport['apps'][number]): string {
  const d = a.timeline.daysToShutdown;
  if (d === undefined) return '';
  if (a.timeline.overdue) return d < 0 ? `OVERDUE ${-d}d` : `in ${d}d OVERDUE`; // overdue before shutdown: see "overdue:" below
  const s = d < 0 ? `${-d}d ago` : `in ${d}d`;
  return a.timeline.atRisk ? `${s} AT RISK` : s;
}
