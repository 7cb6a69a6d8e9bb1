// The XLSX writers (src/report/xlsx): read back with exceljs, the cells a person sees are the
// data, formula-like text is neutralised, and the review sheet offers the actions.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { writeReviewXlsx } from '../../src/report/xlsx/review.js';
import { writeQuarantineXlsx } from '../../src/report/xlsx/quarantine.js';
import { importTemplateXlsx } from '../../src/report/xlsx/import-package.js';
import { XlsxWriter, columnLetter } from '../../src/report/xlsx/sheet-writer.js';
import { tempDir } from '../support/workspace.js';

async function firstSheet(file: string | Buffer) {
  const wb = new ExcelJS.Workbook();
  if (typeof file === 'string') await wb.xlsx.readFile(file);
  else await wb.xlsx.load(file as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

describe('report/xlsx', () => {
  it('writes the review sheet with candidates, empty answer columns and the action choices', async () => {
    const file = join(tempDir(), 'nested', 'review.xlsx');
    const headers = ['service id', 'app', 'name', 'why review', 'candidate 1', 'candidate 2', 'candidate 3', 'action', 'to', 'reason'];
    const n = await writeReviewXlsx(
      [{ serviceId: 'wujiang-1', appId: 'wujiang', name: '=cmd|calc', reason: 'two candidates', candidates: [{ code: '320000000001', name: '公积金提取', score: 0.8123 }] }],
      file,
      headers,
      ['merge', 'migrate', 'retire', 'review'],
    );
    expect(n).toBe(1);
    const sh = await firstSheet(file);
    expect(sh.name).toBe('review');
    expect((sh.getRow(1).values as unknown[]).slice(1)).toEqual(headers);
    expect(sh.getCell(2, 3).value).toBe("'=cmd|calc");
    expect(sh.getCell(2, 5).value).toBe('320000000001 公积金提取 (0.81)');
    expect(sh.getCell(2, 6).value).toBe('');
    expect(sh.getCell(2, 8).dataValidation).toMatchObject({ type: 'list', formulae: ['"merge,migrate,retire,review"'] });
  });

  it('writes the quarantine sheet, one row per problem, with the source row', async () => {
    const file = join(tempDir(), 'q.xlsx');
    await writeQuarantineXlsx(
      [{ appId: 'wujiang', kind: 'record', stage: 'extract', locator: 'services.csv#R4', severity: 'error', reason: 'no name', row: '{"备注":"@SUM(A1)"}' }],
      file,
    );
    const sh = await firstSheet(file);
    expect(sh.name).toBe('待修正 quarantine');
    expect(sh.rowCount).toBe(2);
    expect(sh.getCell(2, 1).value).toBe('wujiang');
    expect(sh.getCell(2, 4).value).toBe('services.csv#R4');
    expect(sh.getCell(2, 12).value).toBe('{"备注":"@SUM(A1)"}');
    expect(sh.getCell(1, 8).value).toBe('原因 reason');
  });

  it('writes the import template with numbers kept as numbers and text neutralised', async () => {
    const buf = await importTemplateXlsx(['外部编号', '事项名称', '到办事现场次数'], [['demo-1', '+退役报到', 0]]);
    const sh = await firstSheet(buf);
    expect(sh.name).toBe('事项导入');
    expect((sh.getRow(2).values as unknown[]).slice(1)).toEqual(['demo-1', "'+退役报到", 0]);
  });

  it('streams sheets: frozen bold header, filter, widths, dates as dates, numbers, text guarded', async () => {
    const file = join(tempDir(), 'stream.xlsx');
    const w = new XlsxWriter(file);
    const day = new Date(Date.UTC(2027, 0, 31));
    const at = new Date(Date.UTC(2026, 10, 20, 10, 30));
    const n = await w.addSheet(
      'a/b:c?',
      [
        { header: 'text', width: 30 },
        { header: 'n', width: 8 },
        { header: 'day', width: 12, format: 'date' },
        { header: 'at', width: 16 },
      ],
      (function* () {
        yield ['=1+1', 42, day, at];
        yield [' <b>&"x"</b> ', -1.5, undefined, null];
        yield ['bell\u0001 _x0041_', 0, '', undefined];
      })(),
    );
    expect(n).toBe(3);
    await w.addSheet('A/B:C?', [{ header: 'only', width: 5 }], [], { autoFilter: false });
    await w.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['a_b_c_', 'A_B_C_(2)']);
    const sh = wb.worksheets[0]!;
    expect(sh.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sh.autoFilter).toBe('A1:D1');
    expect(wb.worksheets[1]!.autoFilter).toBeFalsy();
    expect(sh.getColumn(1).width).toBe(30);
    expect(sh.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sh.getCell('A2').value).toBe("'=1+1");
    expect(sh.getCell('B2').value).toBe(42);
    expect(sh.getCell('C2').value).toEqual(day);
    expect(sh.getCell('C2').numFmt).toBe('yyyy-mm-dd');
    expect(sh.getCell('D2').value).toEqual(at);
    expect(sh.getCell('D2').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(sh.getCell('A3').value).toBe(' <b>&"x"</b> ');
    expect(sh.getCell('B3').value).toBe(-1.5);
    expect(sh.getCell('C3').value).toBeNull();
    expect(String(sh.getCell('A4').value)).toMatch(/^bell(_x0001_|\u0001) _x005F_x0041_$/);
    expect(sh.rowCount).toBe(4);
    sh.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
