// XLSX cells read as Excel shows them (src/sdk/table/xlsx.ts), on workbooks written by exceljs:
// codes padded by a zero format keep their leading zeros, numbers lose their binary float noise
// (15 significant digits, as Excel), error cells keep their error text, time-only cells read as a
// time of day, not a date in 1899.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/sdk/table/index.js';

const dir = mkdtempSync(join(tmpdir(), 'yimen-xlsx-cells-'));
let n = 0;

/** one row of cells, each a value and optionally a number format; the row's text as read */
async function readCells(cells: Array<[value: ExcelJS.CellValue, numFmt?: string]>, date1904 = false): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  if (date1904) wb.properties.date1904 = true;
  const ws = wb.addWorksheet('清单');
  cells.forEach(([v, fmt], i) => {
    const c = ws.getCell(1, i + 1);
    c.value = v;
    if (fmt) c.numFmt = fmt;
  });
  const file = join(dir, `c${n++}.xlsx`);
  await wb.xlsx.writeFile(file);
  const [sheet] = await readTable(file, { strict: false });
  const rows: string[][] = [];
  for await (const b of sheet!.batches) for (const r of b) if ('cells' in r) rows.push(r.cells);
  return rows[0]!;
}

describe('XLSX cells as Excel shows them', () => {
  it('a zero-padded number format keeps the leading zeros of a code', async () => {
    expect(await readCells([[123, '000000'], [7, '00'], [123456, '000000'], [1234567, '000000'], [-5, '0000'], [0, '000'], [12.5, '0000'], [42, '0']])).toEqual([
      '000123',
      '07',
      '123456',
      // wider than the format: all the digits, as Excel
      '1234567',
      '-0005',
      '000',
      // not an integer: the number as it is (a format does not round a value away here)
      '12.5',
      '42',
    ]);
  });

  it('numbers at most 15 significant digits, as Excel: no binary float noise; integers and dates unchanged', async () => {
    expect(
      await readCells([
        [0.1 + 0.2],
        [1 / 3],
        [-(0.1 + 0.7)],
        [1.005 * 1000],
        [123456789012345],
        [9007199254740992],
        [12.5],
        [0],
        [-42],
        [new Date(Date.UTC(2025, 2, 1)), 'yyyy-mm-dd'],
        [new Date(Date.UTC(2025, 2, 1, 8, 30)), 'yyyy-mm-dd hh:mm'],
      ]),
    ).toEqual(['0.3', '0.333333333333333', '-0.8', '1005', '123456789012345', '9007199254740992', '12.5', '0', '-42', '2025-03-01', '2025-03-01 08:30:00']);
  });

  it('an error cell keeps its error text (what Excel shows), not an empty value', async () => {
    expect(
      await readCells([
        [{ error: '#N/A' } as ExcelJS.CellErrorValue],
        [{ formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue],
        [{ formula: 'A1+"x"', result: { error: '#VALUE!' } } as ExcelJS.CellFormulaValue],
        [{ error: '#REF!' } as ExcelJS.CellErrorValue],
        ['ok'],
      ]),
    ).toEqual(['#N/A', '#DIV/0!', '#VALUE!', '#REF!', 'ok']);
  });

  it('a time-only format reads as a time of day, not a date in 1899', async () => {
    expect(
      await readCells([
        [0.5, 'h:mm'],
        [0.5, 'h:mm:ss'],
        [0.25 + 30 / 1440, 'h:mm'],
        [(9 * 3600 + 5 * 60 + 7) / 86400, 'hh"时"mm"分"ss"秒"'],
        [0.75, 'h:mm AM/PM'],
        [1.5, '[h]:mm'],
        [0, 'h:mm'],
        // seconds not shown are not rounded up into the minute, as Excel
        [(12 * 3600 + 59) / 86400, 'h:mm'],
        // a date and time still reads as both
        [45717.5, 'yyyy-mm-dd h:mm'],
      ]),
    ).toEqual(['12:00', '12:00:00', '06:30', '09:05:07', '18:00', '36:00', '00:00', '12:00', '2025-03-01 12:00:00']);
    // the 1904 date system moves dates, not times of day
    expect(await readCells([[0.5, 'h:mm']], true)).toEqual(['12:00']);
  });
});

describe('ISO dates stored as text (t="d", written by some non-Excel tools)', () => {
  it('read as dates, not as the year parseFloat makes of them', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.getCell('A1').value = 'D1';
    ws.getCell('B1').value = 'D2';
    ws.getCell('C1').value = 'D3';
    const plain = join(dir, `d${n++}.xlsx`);
    await wb.xlsx.writeFile(plain);
    // exceljs never writes t="d": the sheet's cells are rewritten as such a tool writes them
    const zip = await JSZip.loadAsync(readFileSync(plain));
    const part = 'xl/worksheets/sheet1.xml';
    const xml = (await zip.file(part)!.async('string')).replace(/<c r="([ABC])1"[^>]*?(?:\/>|>.*?<\/c>)/g, (_, col: string) => {
      const v = { A: '2025-03-01T00:00:00', B: '2025-03-01T10:20:30Z', C: '2025-03-01' }[col]!;
      return `<c r="${col}1" t="d"><v>${v}</v></c>`;
    });
    zip.file(part, xml);
    const file = join(dir, `d${n++}.xlsx`);
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const [sheet] = await readTable(file, { strict: false });
    const rows: string[][] = [];
    for await (const b of sheet!.batches) for (const r of b) if ('cells' in r) rows.push(r.cells);
    expect(rows[0]).toEqual(['2025-03-01', '2025-03-01 10:20:30', '2025-03-01']);
  });
});
