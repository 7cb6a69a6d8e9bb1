// The one way yimen writes a workbook: a sheet with a bold, frozen header row, each cell through
// safeCell, written atomically enough for people (the folder is created first). Self-contained:
// imports exceljs and node only, so every stage can write its spreadsheets through it.
import type ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { safeCell } from './cells.js';

export interface SheetSpec {
  name: string;
  headers: readonly string[];
  rows: ReadonlyArray<ReadonlyArray<unknown>>;
  /** column widths in characters (one number: every column) */
  widths?: readonly number[] | number;
  autoFilter?: boolean;
  /** a column (0-based) whose cells offer these choices */
  choices?: { column: number; values: readonly string[] };
}

export async function buildWorkbook(sheet: SheetSpec): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs'); // loaded when a workbook is written, not at start
  const wb = new Excel.Workbook();
  wb.creator = 'yimen';
  const sh = wb.addWorksheet(sheet.name);
  sh.addRow([...sheet.headers]).font = { bold: true };
  for (const r of sheet.rows) sh.addRow(r.map((v) => safeCell(v)));
  if (sheet.widths !== undefined) {
    const w = sheet.widths;
    sheet.headers.forEach((_, i) => (sh.getColumn(i + 1).width = typeof w === 'number' ? w : w[i]));
  }
  sh.views = [{ state: 'frozen', ySplit: 1 }];
  if (sheet.autoFilter) sh.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.headers.length } };
  if (sheet.choices) {
    const formula = `"${sheet.choices.values.join(',')}"`;
    for (let r = 2; r <= sheet.rows.length + 1; r++) {
      sh.getCell(r, sheet.choices.column + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [formula] };
    }
  }
  return wb;
}

export async function writeWorkbook(file: string, sheet: SheetSpec): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  await (await buildWorkbook(sheet)).xlsx.writeFile(file);
}

export async function workbookBuffer(sheet: SheetSpec): Promise<Buffer> {
  return Buffer.from(await (await buildWorkbook(sheet)).xlsx.writeBuffer());
}
