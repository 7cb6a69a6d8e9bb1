// CSV cells for the exporters (RFC 4180): a cell with a comma, quote, CR or LF is quoted and its
// quotes doubled, so an old address from a hostile app stays one cell.

export function csvCell(v: string | number | boolean | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: Array<string | number | boolean | undefined>): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
