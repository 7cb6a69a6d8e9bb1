// Spreadsheet cells written from source data: Excel would run a cell starting with = + - @ (or
// tab, CR) as a formula, so such text gets a leading apostrophe (DESIGN §13). Every XLSX yimen
// writes is written under src/report/xlsx/ and goes through this.

export function safeCell(v: unknown): string | number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
