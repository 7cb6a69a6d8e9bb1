// Which encoding a Chinese export is in: valid UTF-8 (with or without BOM) wins; otherwise
// GB18030, a superset of GBK that keeps 4-byte characters (STACK.md: never decode as gbk).
import { openSync, readSync, closeSync } from 'node:fs';

export type TextEncoding = 'utf8' | 'gb18030';

/** Valid UTF-8 wins; otherwise GB18030. */
export function detectEncoding(sample: Buffer): TextEncoding {
  // a sample cut mid-character must not count against UTF-8: drop an incomplete tail
  let end = sample.length;
  for (let i = 1; i <= 3 && i <= end; i++) {
    const b = sample[end - i]!;
    if ((b & 0xc0) === 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (i < need) end -= i;
      break;
    }
    if ((b & 0xc0) !== 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

/** the first bytes of a file: a large enough sample to decide on (short samples mislead) */
export function readSample(file: string, bytes = 256 * 1024): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
