// Renders `yimen report`: where the files went, or the Markdown summary itself when that is all
// that was asked for (ready to paste into a message).
import type { ReportFormat, ReportResult } from '../../report/index.js';

export function renderReport(r: ReportResult, formats: readonly ReportFormat[]): string {
  if (formats.length === 1 && formats[0] === 'md' && r.markdown) return r.markdown;
  const out = r.files.map((f) => `written ${f.path} (${(f.bytes / 1024).toFixed(0)} KiB)`);
  if (r.embeddedRows < r.services) out.push(`the HTML embeds ${r.embeddedRows} of ${r.services} services (to-do rows first); the XLSX has all`);
  return out.join('\n');
}
