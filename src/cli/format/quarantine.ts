// Renders `yimen quarantine`: what waits for the sources' owners, with where to find it.
import type { QuarantineReport } from '../../status/quarantine.js';
import { renderTable } from './table.js';

export function renderQuarantine(report: QuarantineReport, limit: number): string {
  const out: string[] = [];
  if (!report.items.length) out.push('nothing in quarantine and no invalid services');
  else {
    out.push(
      renderTable(
        ['app', 'kind', 'stage', 'locator', 'field', 'reason'],
        report.items
          .slice(0, limit)
          .map((i) => [i.appId, i.kind === 'service' ? `service${i.severity === 'warning' ? ' (warning)' : ''}` : 'record', i.stage, i.locator, i.field ?? '', i.name ? `${i.name}: ${i.reason}` : i.reason]),
      ),
    );
    if (report.items.length > limit) out.push(`… ${report.items.length - limit} more rows: use --export FILE.xlsx or --json for all`);
    out.push(`${report.counts.records} quarantined records, ${report.counts.invalidServices} invalid services`);
  }
  if (report.exported) out.push(`written ${report.exported}`);
  return out.join('\n');
}
