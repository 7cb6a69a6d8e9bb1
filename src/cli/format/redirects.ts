// Renders `yimen redirects plan` (per app: how each old entry point is handled) and `redirects list`.
import type { HitsImportSummary } from '../../redirects/hits.js';
import type { VerifySummary } from '../../redirects/verify.js';
import type { ExportSummary } from '../../redirects/export.js';
import type { RedirectRule } from '../../schema/index.js';
import type { RedirectPlanSummary } from '../../redirects/stage.js';
import { renderTable } from './table.js';

export function renderRedirectPlan(summary: RedirectPlanSummary): string {
  return renderTable(
    ['app', 'entry points', 'redirect', 'notice', 'pending', 'unresolved', 'changes'],
    summary.apps.map((a) => [a.appId, a.entryPoints, a.byAction.redirect, a.byAction.notice, a.byAction.pending, a.byAction.unresolved, `+${a.added} ~${a.changed} -${a.removed}`]),
  );
}

export function renderRedirectRules(rules: Array<RedirectRule & { hits?: number }>): string {
  if (!rules.length) return 'no redirect rules: run `yimen redirects plan` (or `yimen run`) first';
  const withHits = rules.some((r) => r.hits !== undefined);
  return renderTable(
    ['app', 'kind', 'old address', 'action', 'status', 'destination', ...(withHits ? ['hits'] : []), 'reason'],
    rules.map((r) => [r.appId, r.kind, r.source, r.action, r.status ?? '', r.destination ?? '', ...(withHits ? [r.hits ?? 0] : []), r.reason]),
  );
}

/** `yimen redirects export`: the files written, each format's notes, the rules a format refused. */
export function renderRedirectExport(summary: ExportSummary): string {
  const out = [
    renderTable(
      ['format', 'file', 'rules'],
      summary.formats.flatMap((f) => f.files.map((file) => [f.format, file.path, file.rules])),
      { align: ['left', 'left', 'right'] },
    ),
  ];
  for (const p of summary.phases ?? []) {
    if (p.waiting) out.push(`${p.appId}: ${p.phase} phase on ${p.day}: ${p.waiting} rule(s) wait for the redirect date (old pages stay)${p.banner ? `; banner config ${p.banner}` : ''}`);
  }
  for (const f of summary.formats) {
    for (const n of f.notes) out.push(`${f.format}: ${n}`);
    if (f.check) out.push(`${f.format}: nginx -t: ${f.check.split('\n').pop()}`);
  }
  const refused = summary.formats.flatMap((f) => f.refused.map((r) => [f.format, r.source, r.code, r.reason]));
  if (refused.length) {
    out.push(`\n${refused.length} rule(s) refused by a format:`);
    out.push(renderTable(['format', 'old address', 'code', 'reason'], refused.slice(0, 50).map((r) => r.map((c) => String(c).slice(0, 120)))));
    if (refused.length > 50) out.push(`… and ${refused.length - 50} more (see --json)`);
  }
  return out.join('\n');
}

/** `yimen redirects hits import`: per log, what was counted and what was dropped as noise. */
export function renderHitsImport(s: HitsImportSummary): string {
  const out = [
    renderTable(
      ['log', 'lines', 'counted', 'bots', 'assets', 'health', 'other host', 'unreadable'],
      s.files.map((f) =>
        f.skipped ? [f.path, 'already imported', '', '', '', '', '', ''] : [f.path, f.lines, f.requests, f.dropped.bot, f.dropped.asset, f.dropped.health, f.dropped.otherHost, f.dropped.unreadable],
      ),
    ),
    `${s.counted} hits on ${s.addresses} address(es): ${s.matched} planned, ${s.discovered.length} discovered, ${s.ignored} ignored (too few hits or never served)`,
  ];
  if (s.discovered.length) out.push('run `yimen redirects plan`, then `yimen redirects list --sort hits` to see the discovered entry points first');
  return out.join('\n');
}

/** `yimen redirects verify`: per app, then each failure with what was expected and found. */
export function renderVerify(s: VerifySummary): string {
  if (!s.checked) return 'no web or QR redirect rules: run `yimen redirects plan` first';
  const out = [renderTable(['app', 'probed', 'ok', 'failed'], s.apps.map((a) => [a.appId, a.checked, a.ok, a.failed]))];
  if (s.failures.length)
    out.push(renderTable(['outcome', 'old address', 'status', 'Location', 'message'], s.failures.slice(0, 200).map((f) => [f.outcome, f.url, f.status ?? '', f.location ?? '', f.message])));
  if (s.failures.length > 200) out.push(`… and ${s.failures.length - 200} more (--json lists them all)`);
  if (!s.destinationsProbed) out.push('destinations not probed: give --destination-base to probe them on a preview host');
  if (s.clientRouted) out.push(`${s.clientRouted} hash-routed address(es) (…/#/…) not probed: browsers never send the route to a server; the old page's final release routes them (\`yimen redirects export -f routes\`)`);
  out.push(`${s.checked} probed in ${s.seconds.toFixed(1)} s: ${s.byOutcome.ok} ok, ${s.checked - s.byOutcome.ok} failed`);
  return out.join('\n');
}
