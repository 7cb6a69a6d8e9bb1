// Renders `yimen map`: the per-app summary, and `--show`'s preview of how one record maps.
import type { MapPreview, MapSummary } from '../../map/stage.js';
import { renderTable } from './table.js';

export function renderMapSummary(summary: MapSummary): string {
  const rows: Array<Array<string | number>> = summary.apps.map((a) => [a.appId, a.services, a.new, a.changed, a.unchanged, a.removed, a.invalid, a.warnings, a.extras.fields, a.quarantined]);
  const t = summary.totals;
  if (summary.apps.length > 1) rows.push(['total', t.services, t.new, t.changed, t.unchanged, t.removed, t.invalid, t.warnings, t.extrasFields, t.quarantined]);
  const out = [
    renderTable(['app', 'services', 'new', 'changed', 'unchanged', 'removed', 'invalid', 'warnings', 'extra fields', 'quarantined'], rows, {
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    }),
  ];
  for (const a of summary.apps) if (a.extras.fields) out.push(`${a.appId}: unmapped columns kept in extras: ${a.extras.names.join(', ')}`);
  if (t.invalid || t.quarantined) out.push(`${t.invalid} invalid services and ${t.quarantined} quarantined records: see \`yimen quarantine\``);
  out.push(`region codes checked against ${summary.regionTable}`);
  return out.join('\n');
}

/** Warnings for stderr: a profile reads columns no record has. */
export function mapWarnings(summary: MapSummary): string[] {
  return summary.apps
    .filter((a) => a.missingColumns.length)
    .map((a) => `${a.appId}: ${a.profile} reads columns no record has: ${a.missingColumns.join(', ')} (a typo, or the export changed?)`);
}

export function renderMapPreview(p: MapPreview): string {
  const out = [`${p.appId} ${p.sourceKey} (${p.locator}) through ${p.profile}`];
  out.push(renderTable(['source column', 'value'], Object.entries(p.record).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])));
  if (!p.service) {
    out.push(p.quarantine ?? '');
    return out.join('\n');
  }
  const { id, appId, source, issues, extras, ...fields } = p.service;
  void appId;
  void source;
  const rows = Object.entries(fields)
    .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
  out.push(renderTable([`field (${id})`, 'value'], rows));
  if (Object.keys(extras).length) out.push(`extras: ${Object.keys(extras).join(', ')}`);
  if (issues.length) out.push(renderTable(['field', 'severity', 'code', 'message'], issues.map((i) => [i.field, i.severity, i.code, i.message])));
  else out.push('no issues');
  return out.join('\n');
}
