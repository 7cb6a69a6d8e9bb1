import { describe, it, expect, afterEach } from 'vitest';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { fixture, service, putServices, type Fixture } from '../fixtures/matching/workspace.js';
import { importCatalog } from '../../src/catalog/import.js';
import { decideApps, exportReview, importReviewed, listReview } from '../../src/decide/index.js';

let f: Fixture | undefined;
afterEach(() => f?.store.close());

describe('review spreadsheet round trip', () => {
  it('exports review items, applies filled rows, leaves empty ones open and reports refused ones', async () => {
    f = await fixture('policy: { review: [k1, k2, k3, k4] }');
    const { ws, store, dir } = f;
    await importCatalog(ws, store, { actor: 't' });
    const svcs = ['=cmd|x', '失业登记', '社保参保登记', '智慧停车'].map((n, i) => service('alpha', `k${i + 1}`, n));
    putServices(store, svcs);
    await decideApps(ws, store, { actor: 't' });
    const items = listReview(ws, store);
    expect(items).toHaveLength(4);
    const file = join(dir, 'review.xlsx');
    await exportReview(items, file);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sh = wb.worksheets[0]!;
    // a name starting with = is neutralised, not a formula
    expect(sh.getRow(2).getCell(3).value).toBe("'=cmd|x");
    const row = (id: string) => [2, 3, 4, 5].find((r) => sh.getRow(r).getCell(1).value === id)!;
    sh.getRow(row(svcs[0]!.id)).getCell(8).value = 'retire';
    sh.getRow(row(svcs[0]!.id)).getCell(10).value = 'not a service';
    sh.getRow(row(svcs[1]!.id)).getCell(8).value = 'merge';
    sh.getRow(row(svcs[1]!.id)).getCell(9).value = '512B00533009';
    sh.getRow(row(svcs[1]!.id)).getCell(10).value = 'same item';
    sh.getRow(row(svcs[2]!.id)).getCell(8).value = 'merge';
    sh.getRow(row(svcs[2]!.id)).getCell(9).value = 'NO-SUCH-CODE';
    sh.getRow(row(svcs[2]!.id)).getCell(10).value = 'oops';
    await wb.xlsx.writeFile(file);

    const s = await importReviewed(ws, store, { actor: 'erin', file });
    expect(s).toMatchObject({ rows: 4, applied: 2, skipped: 1 });
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]!.message).toContain('NO-SUCH-CODE');
    expect(store.decisions.get(svcs[1]!.id)).toMatchObject({ action: 'merge', target: '512B00533009', decidedBy: 'person', actor: 'erin' });
    expect(store.decisions.get(svcs[0]!.id)).toMatchObject({ action: 'retire', decidedBy: 'person' });
    expect(store.decisions.get(svcs[3]!.id)).toMatchObject({ action: 'review', decidedBy: 'rule' });
    // importing the same sheet again changes nothing
    const again = await importReviewed(ws, store, { actor: 'erin', file });
    expect(again).toMatchObject({ applied: 0, unchanged: 2 });
    // and the policy rule does not take them back
    await decideApps(ws, store, { actor: 't' });
    expect(store.decisions.get(svcs[0]!.id)!.decidedBy).toBe('person');
    expect(listReview(ws, store).map((i) => i.serviceId).sort()).toEqual([svcs[2]!.id, svcs[3]!.id].sort());
  });
});
