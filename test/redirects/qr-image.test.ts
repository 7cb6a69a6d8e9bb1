import { describe, it, expect } from 'vitest';
import pngjs from 'pngjs';
import QRCode from 'qrcode';
import { qrMatrix, qrPng, qrSvg } from '../../src/redirects/export/qr-image.js';

describe('QR images', () => {
  const url = 'https://sfb.example.cn/service/511A01?from=poster';
  const q = qrMatrix(url);
  const ref = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;

  it('draws a PNG whose pixels are the QR modules with a white quiet zone', () => {
    const png = pngjs.PNG.sync.read(qrPng(q, 4, 4));
    expect(png.width).toBe((ref.size + 8) * 4);
    const at = (x: number, y: number) => png.data[(y * png.width + x) * 4]!; // red channel
    for (let y = 0; y < ref.size; y++)
      for (let x = 0; x < ref.size; x++) expect(at((x + 4) * 4 + 2, (y + 4) * 4 + 2) === 0, `${x},${y}`).toBe(Boolean(ref.data[y * ref.size + x]));
    expect(at(1, 1)).toBe(255);
  });

  it('draws an SVG with one unit square per dark module', () => {
    const svg = qrSvg(q);
    const dark = [...svg.matchAll(/h(\d+)v1/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(dark).toBe([...ref.data].filter(Boolean).length);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
  });
});
