// Spreadsheet cells written from source data (DESIGN §13), the one guard every XLSX yimen writes
// goes through:
// - Excel would run a cell starting with = + - @ (or tab, CR) as a formula, so such text gets a
//   leading apostrophe;
// - XML 1.0 forbids most control characters below U+0020 (and lone surrogates): one of them in a
//   cell makes the whole workbook unreadable, so they are written as Excel writes them, _xHHHH_
//   (a literal "_x0041_" in the data is escaped as "_x005F_x0041_", or it would read back as "A").
// `cellText` reads such a cell back to the text that was written.

const FORBIDDEN = /_(?=x[0-9A-Fa-f]{4}_)|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// a cheaper test first: most cells hold nothing to escape
const MAYBE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|_x/;
const hex4 = (c: string) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

/** text an XML part can hold and Excel reads back as written */
export function xmlSafeText(s: string): string {
  return MAYBE.test(s) ? s.replace(FORBIDDEN, (c) => `_x${hex4(c)}_`) : s;
}

/** the text a cell written through xmlSafeText held (Excel's own _xHHHH_ escapes included) */
export function cellText(s: string): string {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export function safeCell(v: unknown): string | number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  const s = xmlSafeText(String(v));
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
