// Printed QR codes: an inventory (where each is printed, which service, the rule that keeps it
// answering) as CSV for people and JSON for tools, and for reprints a new QR image (SVG and PNG)
// of each distinct new destination, named by a hash of the destination so a reprint stays stable.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REDIRECT_ACTIONS } from '../../schema/index.js';
import { safeCell } from '../../report/xlsx/cells.js';
import { csvRow } from './csv.js';
import { qrMatrix, qrPng, qrSvg } from './qr-image.js';
import { writeJsonWithArray, writeSchema } from './json-file.js';
import { RefusedRule, emptyResult, recheck, type ExportContext, type Exporter, type FormatResult } from './types.js';

export const QrInventoryItem = z.object({
  entryPointId: z.string(),
  appId: z.string(),
  url: z.string().describe('what the printed code says'),
  printedAt: z.string().optional().describe('where it is printed (the entry point label)'),
  locator: z.string().optional().describe('where yimen read it'),
  serviceId: z.string().optional(),
  action: z.enum(REDIRECT_ACTIONS),
  status: z.number().int().optional(),
  destination: z.string().optional(),
  reason: z.string(),
  reprint: z.string().optional().describe('file stem of the new QR image (images/<stem>.svg, .png), for redirects'),
});
export type QrInventoryItem = z.infer<typeof QrInventoryItem>;

export const QrInventoryFile = z.object({ kind: z.literal('yimen-qr-inventory'), version: z.literal(1), generatedAt: z.string(), codes: z.array(QrInventoryItem), refused: z.array(RefusedRule) });

export const qrExporter: Exporter = {
  name: 'qr',
  description: 'printed QR codes: inventory (CSV, JSON) and new QR images (SVG, PNG) for reprints',
  async run(ctx: ExportContext): Promise<FormatResult> {
    const res = emptyResult('qr');
    const items: QrInventoryItem[] = [];
    const reprints = new Map<string, string>(); // stem → destination
    for (let i = 0; i < ctx.rules.length; i++) {
      const rule = ctx.rules[i]!;
      if (rule.kind !== 'qrcode') {
        res.skipped++;
        continue;
      }
      const bad = recheck(ctx, i);
      if (bad) res.refused.push(bad);
      const ep = ctx.entryPoints.get(rule.entryPointId);
      let reprint: string | undefined;
      if (!bad && rule.action === 'redirect' && rule.destination) {
        reprint = createHash('sha1').update(rule.destination).digest('hex').slice(0, 12);
        reprints.set(reprint, rule.destination);
      }
      items.push({
        entryPointId: rule.entryPointId,
        appId: rule.appId,
        url: rule.source,
        printedAt: ep?.label,
        locator: ep?.locator,
        serviceId: rule.serviceId,
        action: rule.action,
        status: bad ? undefined : rule.status,
        // a refused destination is not repeated where people copy links from
        destination: bad ? undefined : rule.destination,
        reason: bad ? `refused destination (${bad.code}): the code answers with the notice page until the plan is fixed` : rule.reason,
        reprint,
      });
    }
    const dir = join(ctx.outDir, 'qr');
    const images = join(dir, 'images');
    mkdirSync(images, { recursive: true });
    const csv = join(dir, 'qr-inventory.csv');
    const head = ['entry point', 'app', 'printed QR URL', 'printed at', 'service', 'action', 'status', 'destination', 'reason', 'reprint image'];
    // BOM: Excel then reads the Chinese as UTF-8; cells go through the formula guard
    writeFileSync(
      csv,
      '\ufeff' +
        csvRow(head) +
        items
          .map((i) => csvRow([i.entryPointId, i.appId, i.url, i.printedAt, i.serviceId, i.action, i.status, i.destination, i.reason, i.reprint && `images/${i.reprint}.svg`].map((v) => safeCell(v) as string | number | undefined)))
          .join(''),
    );
    const json = join(dir, 'qr-inventory.json');
    await writeJsonWithArray(json, { kind: 'yimen-qr-inventory', version: 1, generatedAt: ctx.at }, 'codes', items, { refused: res.refused });
    writeSchema(join(dir, 'qr-inventory.schema.json'), 'qr-inventory.schema.json', QrInventoryFile);
    for (const [stem, url] of reprints) {
      const q = qrMatrix(url);
      writeFileSync(join(images, `${stem}.svg`), qrSvg(q));
      writeFileSync(join(images, `${stem}.png`), qrPng(q));
    }
    res.rules = items.length;
    res.files.push({ path: csv, rules: items.length }, { path: json, rules: items.length });
    res.notes.push(`${reprints.size} new QR image(s) in ${images} (SVG and PNG) for reprints`);
    return res;
  },
};
