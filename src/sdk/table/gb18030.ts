// GB18030 decoded by the runtime's native decoder (ICU, behind TextDecoder), giving exactly the text
// iconv-lite gives: about four times faster on a large export, where decoding was the read
// thread's largest single cost (bench/extract). The two differ only on
// - bytes that are not valid GB18030 (a lone lead byte, 0xFF, a 4-byte code past the BMP's ranges):
//   the native decoder, made fatal, throws on them;
// - 18 valid 2-byte codes that GB18030-2022 moved from the private use area to standard characters
//   (A6D9–A6F3 → U+FE10–FE19, FE59–FEA0 → U+9FB4–9FBB): the native decoder gives those.
// A piece where either shows is decoded by iconv-lite instead (test/sdk/table/gb18030.test.ts
// compares the two on every 2- and 4-byte code and on random bytes cut at random places).
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';

/** what the native decoder gives only for the 18 codes iconv-lite maps elsewhere */
const MOVED = /[\uFE10-\uFE19\u9FB4-\u9FBB]/;
/**
 * a byte below 0x30 is never inside a GB18030 character (trail bytes are 0x30–0x39 and 0x40–0xFE):
 * text cut after one decodes the same in pieces as whole, by either decoder
 */
const BOUNDARY = 0x30;
/** bytes held without a boundary (one huge quoted cell) before iconv-lite decodes the rest as a stream */
const MAX_HELD = 1 << 20;

/** The same interface as iconv-lite's decoder: write pieces, then end. */
export class Gb18030Decoder {
  private readonly native = new TextDecoder('gb18030', { fatal: true });
  private held: Buffer | undefined;
  /** iconv-lite's streaming decoder, once a run of bytes had no boundary for too long */
  private stream: ReturnType<typeof iconv.getDecoder> | undefined;

  write(bytes: Buffer): string {
    if (this.stream) return this.stream.write(bytes);
    let cut = bytes.length;
    while (cut > 0 && bytes[cut - 1]! >= BOUNDARY) cut--;
    if (cut === 0) {
      this.held = this.held ? Buffer.concat([this.held, bytes]) : Buffer.from(bytes);
      if (this.held.length <= MAX_HELD) return '';
      // no boundary in a megabyte: decode on as iconv-lite does, from the last boundary
      this.stream = iconv.getDecoder('gb18030');
      const text = this.stream.write(this.held);
      this.held = undefined;
      return text;
    }
    const piece = this.held ? Buffer.concat([this.held, bytes.subarray(0, cut)]) : bytes.subarray(0, cut);
    this.held = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : undefined;
    return decodePiece(this.native, piece);
  }

  end(): string {
    if (this.stream) return this.stream.end() ?? '';
    const rest = this.held;
    this.held = undefined;
    return rest ? decodePiece(this.native, rest) : '';
  }
}

/** bytes that end at a boundary (or the input's end), as iconv-lite decodes them */
function decodePiece(native: TextDecoder, piece: Uint8Array): string {
  try {
    const text = native.decode(piece);
    if (!MOVED.test(text)) return text;
  } catch {
    // not valid GB18030 somewhere: iconv-lite's replacement characters, as before
  }
  return iconv.decode(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength), 'gb18030');
}
