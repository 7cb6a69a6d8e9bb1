// Renders `yimen redirects plan` (per app: how each old entry point is handled) and `redirects list`.
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
