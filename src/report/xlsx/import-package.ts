// The import package's spreadsheet: one row per item in the platform's import-template layout. The
// package target decides the columns (its template); this writes them.
import { workbookBuffer } from './workbook.js';

export async function importTemplateXlsx(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<unknown>>): Promise<Buffer> {
  return workbookBuffer({ name: '事项导入', headers, rows, widths: 18 });
}
