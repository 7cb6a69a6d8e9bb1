// XLSX exporter for managers: the workbook (src/report/xlsx/redirects.ts) with one sheet per app.
// A rule whose destination fails the re-check is listed with the refusal as its reason.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeRedirectWorkbook, type RedirectSheetRow } from '../../report/xlsx/redirects.js';
import { emptyResult, recheck, type ExportContext, type Exporter, type FormatResult } from './types.js';

export const xlsxExporter: Exporter = {
  name: 'xlsx',
  description: 'a workbook for managers: a summary and one sheet per app',
  async run(ctx: ExportContext): Promise<FormatResult> {
    const res = emptyResult('xlsx');
    const rows = new Map<string, RedirectSheetRow[]>(ctx.apps.map((a) => [a.id, []]));
    for (let i = 0; i < ctx.rules.length; i++) {
      const rule = ctx.rules[i]!;
      const bad = recheck(ctx, i);
      if (bad) res.refused.push(bad);
      const extra = rule as { hits?: number; verification?: string };
      if (!rows.has(rule.appId)) rows.set(rule.appId, []);
      rows.get(rule.appId)!.push({
        source: rule.source,
        kind: rule.kind,
        label: ctx.entryPoints.get(rule.entryPointId)?.label,
        action: bad ? 'refused' : rule.action,
        status: bad ? undefined : rule.status,
        destination: rule.destination,
        reason: bad ? bad.reason : rule.reason,
        hits: extra.hits,
        verification: extra.verification,
      });
    }
    const dir = join(ctx.outDir, 'xlsx');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'redirects.xlsx');
    const names = new Map(ctx.apps.map((a) => [a.id, a.name]));
    await writeRedirectWorkbook(file, { apps: [...rows].map(([id, r]) => ({ id, name: names.get(id) ?? id, rows: r })) });
    res.rules = ctx.rules.length - res.refused.length;
    res.files.push({ path: file, rules: ctx.rules.length });
    return res;
  },
};
