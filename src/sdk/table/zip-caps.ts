// The caps an XLSX must pass before a byte of it is inflated (docs/hardening.md): the sizes its ZIP
// central directory declares. A workbook whose shared strings expand to 400 MB is refused here,
// from a few kilobytes read at the end of the file, instead of taking gigabytes to find out.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { YimenError } from '../../errors.js';

/** the whole workbook, expanded (every part) */
export const XLSX_MAX_EXPANDED_BYTES = 1024 ** 3;
/** one part (a sheet, the shared strings) expanded */
export const XLSX_MAX_PART_BYTES = 512 * 1024 ** 2;
/** rows in one sheet (Excel's own limit is 1,048,576) */
export const XLSX_MAX_ROWS = 1_048_576;
/** characters in one cell (Excel's own limit is 32,767) */
export const XLSX_MAX_CELL_CHARS = 32_767;

export interface ZipEntrySize {
  name: string;
  compressed: number;
  uncompressed: number;
  /** 0 stored, 8 deflated */
  method: number;
  /** where the entry's local header starts */
  offset: number;
}

export function tooBig(file: string, what: string, cap: number, option: string): YimenError {
  return new YimenError('E_TABLE_TOO_BIG', `${basename(file)}: ${what}, over the cap of ${cap.toLocaleString('en')}`, {
    hint: `if the file is genuine, raise the cap with the table option \`${option}\` (docs/hardening.md), or split the workbook`,
  });
}

/** the entries a ZIP file's central directory declares, without inflating anything */
export function zipEntrySizes(file: string): ZipEntrySize[] {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new YimenError('E_TABLE_UNREADABLE', `${basename(file)} is not a readable XLSX workbook: no ZIP directory`);
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || count === 0xffff || cdOffset + cdSize > size) {
      // ZIP64 (or a lying directory): no workbook within the caps needs it
      throw tooBig(file, 'a ZIP64 or inconsistent archive directory', XLSX_MAX_EXPANDED_BYTES, 'maxExpandedBytes');
    }
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    const out: ZipEntrySize[] = [];
    let p = 0;
    while (p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50) {
      const compressed = cd.readUInt32LE(p + 20);
      const uncompressed = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const method = cd.readUInt16LE(p + 10);
      const offset = cd.readUInt32LE(p + 42);
      out.push({ name: cd.toString('utf8', p + 46, p + 46 + nameLen), compressed, uncompressed, method, offset });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** refuses a workbook whose declared expanded size (whole, or one part) is over its cap */
export function checkXlsxExpansion(file: string, caps: { maxExpandedBytes?: number; maxPartBytes?: number } = {}): ZipEntrySize[] {
  const maxAll = caps.maxExpandedBytes ?? XLSX_MAX_EXPANDED_BYTES;
  const maxPart = caps.maxPartBytes ?? XLSX_MAX_PART_BYTES;
  let total = 0;
  const entries = zipEntrySizes(file);
  for (const e of entries) {
    // 0xffffffff: the real size is in a ZIP64 extra field; treat it as over
    const n = e.uncompressed === 0xffffffff ? Number.MAX_SAFE_INTEGER : e.uncompressed;
    if (n > maxPart) throw tooBig(file, `part ${e.name} expands to ${n.toLocaleString('en')} bytes`, maxPart, 'maxPartBytes');
    total += n;
  }
  if (total > maxAll) throw tooBig(file, `the workbook expands to ${total.toLocaleString('en')} bytes`, maxAll, 'maxExpandedBytes');
  return entries;
}

/** the row cap of a sheet, checked before its rows are read */
export function checkRowCount(file: string, sheet: string, rows: number, maxRows = XLSX_MAX_ROWS): void {
  if (rows > maxRows) throw tooBig(file, `sheet ${sheet} has ${rows.toLocaleString('en')} rows`, maxRows, 'maxRows');
}
