// Renders `yimen redirects plan` (per app: how each old entry point is handled) and `redirects list`.
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

export function renderRedirectRules(rules: RedirectRule[]): string {
  if (!rules.length) return 'no redirect rules: run `yimen redirects plan` (or `yimen run`) first';
  return renderTable(
    ['app', 'kind', 'old address', 'action', 'status', 'destination', 'reason'],
    rules.map((r) => [r.appId, r.kind, r.source, r.action, r.status ?? '', r.destination ?? '', r.reason]),
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
