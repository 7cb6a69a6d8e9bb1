// GB18030 through the native decoder (src/sdk/table/gb18030.ts) gives exactly iconv-lite's text:
// on every 2- and 4-byte code, on the codes the two decoders map differently, and on random bytes
// (valid text, garbage, lone lead bytes, a cut 4-byte code) fed in pieces cut anywhere.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { Gb18030Decoder, hasNativeGb18030 } from '../../src/sdk/table/gb18030.js';
import { csvDecoder } from '../../src/sdk/table/index.js';

const viaIconv = (bytes: Buffer) => iconv.decode(bytes, 'gb18030');

/** the decoder fed these pieces, then ended */
function viaNative(bytes: Buffer, cuts: number[]): string {
  const d = new Gb18030Decoder();
  let out = '';
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    out += d.write(bytes.subarray(at, Math.max(at, c)));
    at = Math.max(at, c);
  }
  out += d.write(bytes.subarray(at));
  return out + d.end();
}

describe('GB18030 by the native decoder', () => {
  it('gives iconv-lite’s text for every 2- and 4-byte code, one code a line', () => {
    // every code, each followed by a newline (a boundary): 1.6 million codes in one buffer,
    // the ones the decoders map differently (the 18 moved in GB18030-2022, the 4-byte codes past
    // the BMP's ranges, 0x80, 0xFF) among them
    const codes: number[] = [0x80, 0xff, 0x7f, 0x00];
    for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) codes.push(a, b, 0x0a);
    for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x30; b <= 0x39; b++) for (let c = 0x81; c <= 0xfe; c++) for (let d = 0x30; d <= 0x39; d++) codes.push(a, b, c, d, 0x0a);
    const bytes = Buffer.from(codes);
    const expected = viaIconv(bytes);
    // in pieces of 32 KiB, as the CSV reader decodes
    const cuts: number[] = [];
    for (let at = 32768; at < bytes.length; at += 32768) cuts.push(at);
    expect(viaNative(bytes, cuts) === expected).toBe(true);
    // the moved codes themselves come out as iconv-lite has them (private use), not as the native decoder does
    expect(viaNative(Buffer.from([0xa6, 0xd9, 0xfe, 0x59]), [])).toBe('\ue78d\ue81e');
    expect(new TextDecoder('gb18030').decode(Buffer.from([0xa6, 0xd9]))).toBe('\ufe10');
  });

  it('gives iconv-lite’s text for random bytes cut anywhere', () => {
    // bytes drawn to make every case likely: ASCII, boundaries, lead bytes, digits, trail bytes
    const byte = fc.oneof(
      fc.integer({ min: 0x00, max: 0x2f }),
      fc.integer({ min: 0x30, max: 0x39 }),
      fc.integer({ min: 0x40, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0xff }),
      fc.integer({ min: 0x81, max: 0xfe }),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 6 }), (arr, cuts) => {
        const bytes = Buffer.from(arr);
        expect(viaNative(bytes, cuts)).toBe(viaIconv(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('is what the CSV reader uses where Node has it, and iconv-lite alone where it does not (small ICU)', () => {
    expect(hasNativeGb18030()).toBe(true);
    expect(csvDecoder('gb18030')).toBeInstanceOf(Gb18030Decoder);
    const without = csvDecoder('gb18030', false);
    expect(without).not.toBeInstanceOf(Gb18030Decoder);
    const bytes = iconv.encode('事项编号,𠮷祥\n', 'gb18030');
    expect(without.write(bytes) + (without.end() ?? '')).toBe('事项编号,𠮷祥\n');
    expect(csvDecoder('utf8')).not.toBeInstanceOf(Gb18030Decoder);
  });

  it('gives iconv-lite’s text for real text, a BOM first, and a run without a boundary longer than it holds', () => {
    const text = '\ufeff事项编号,事项名称\r\n𠮷祥社区证明开具,"城乡居民""养老""保险"\r\n' + '不动产登记资料查询'.repeat(5);
    const bytes = iconv.encode(text, 'gb18030');
    expect(viaNative(bytes, [3, 7, 20])).toBe(viaIconv(bytes));
    expect(viaNative(bytes, [3, 7, 20])).toBe(text);
    // 1.2 MB of Chinese without a comma, space or newline: decoded as a stream from the last boundary
    const long = iconv.encode('名'.repeat(600_000) + '\n尾', 'gb18030');
    const cuts: number[] = [];
    for (let at = 32768; at < long.length; at += 32768) cuts.push(at);
    expect(viaNative(long, cuts) === viaIconv(long)).toBe(true);
  });
});
