// QR images drawn straight from the module matrix of `qrcode`: an SVG of one path (runs of dark
// modules per row) and a 1-bit greyscale PNG, each a fraction of the library's own renderers'
// time, so thousands of reprints stay cheap.
import { deflateSync, crc32 } from 'node:zlib';
import QRCode from 'qrcode';

export interface QrMatrix {
  size: number;
  dark(x: number, y: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const m = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  return { size: m.size, dark: (x, y) => Boolean(m.data[y * m.size + x]) };
}

/** an SVG with a quiet zone of `margin` modules, scalable for print */
export function qrSvg(q: QrMatrix, margin = 4): string {
  const n = q.size + 2 * margin;
  let d = '';
  for (let y = 0; y < q.size; y++)
    for (let x = 0; x < q.size; x++) {
      if (!q.dark(x, y)) continue;
      let w = 1;
      while (x + w < q.size && q.dark(x + w, y)) w++;
      d += `M${x + margin} ${y + margin}h${w}v1h-${w}z`;
      x += w - 1;
    }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#fff"/><path fill="#000" d="${d}"/></svg>\n`;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** a 1-bit greyscale PNG, `scale` pixels per module, quiet zone of `margin` modules */
export function qrPng(q: QrMatrix, scale = 10, margin = 4): Buffer {
  const px = (q.size + 2 * margin) * scale;
  const stride = Math.ceil(px / 8);
  const raw = Buffer.alloc((stride + 1) * px, 0);
  for (let y = 0; y < px; y++) {
    const row = y * (stride + 1);
    raw[row] = 0; // filter: none
    const my = Math.floor(y / scale) - margin;
    for (let x = 0; x < px; x++) {
      const mx = Math.floor(x / scale) - margin;
      const dark = my >= 0 && my < q.size && mx >= 0 && mx < q.size && q.dark(mx, my);
      // 1 = white in greyscale
      if (!dark) raw[row + 1 + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(px, 0);
  ihdr.writeUInt32BE(px, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
