// Renders `yimen extract`: a row per app and stream, entry points, and what went wrong where.
import type { ExtractSummary } from '../../extract/runner.js';
import { renderTable } from './table.js';

export function renderExtractSummary(summary: ExtractSummary): string {
  const rows: Array<Array<string | number>> = [];
  for (const a of summary.apps) {
    for (const s of a.streams) rows.push([a.appId, s.stream, s.read, s.new, s.changed, s.unchanged, s.quarantined, s.removed]);
    if (!a.streams.length) rows.push([a.appId, '-', 0, 0, 0, 0, 0, 0]);
  }
  const out = [renderTable(['app', 'stream', 'read', 'new', 'changed', 'unchanged', 'quarantined', 'removed'], rows, { align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'] })];
  for (const a of summary.apps) {
    const ep = a.entryPoints;
    if (ep.total || ep.refused || ep.removed) out.push(`${a.appId}: ${ep.total} entry points (${ep.new} new, ${ep.changed} changed, ${ep.removed} removed, ${ep.refused} refused)`);
  }
  const q = summary.totals.quarantined;
  if (q) out.push(`${q} row(s) quarantined with their locators: see \`yimen status\` or the store's quarantine`);
  return out.join('\n');
}

/** The lines for stderr: apps that failed and apps read only in part. */
export function renderExtractProblems(summary: ExtractSummary): string[] {
  const out: string[] = [];
  for (const a of summary.apps.filter((x) => !x.ok)) out.push(`error ${a.appId}: ${a.error}`);
  for (const id of summary.incomplete) out.push(`incomplete ${id}: part of the source could not be read (see the quarantine); nothing was removed`);
  return out;
}
