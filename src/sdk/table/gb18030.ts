// GB18030 decoded by the runtime's native decoder (ICU, behind TextDecoder), giving exactly the text
// iconv-lite gives: about four times faster on a large export, where decoding was the read
// thread's largest single cost (bench/extract). The two differ only on
// - bytes that are not valid GB18030 (a lone lead byte, 0xFF, a 4-byte code past the BMP's ranges):
//   the native decoder, made fatal, throws on them;
// - 18 valid 2-byte codes that GB18030-2022 moved from the private use area to standard characters
//   (A6D9–A6F3 → U+FE10–FE19, FE59–FEA0 → U+9FB4–9FBB): the native decoder gives those.
// A piece where either shows is decoded by iconv-lite instead (test/sdk/gb18030.test.ts
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

let nativeSupported: boolean | undefined;
/**
 * whether this Node decodes GB18030 natively: a build with small ICU (or none) does not, and its
 * TextDecoder throws for the label; CSV is then decoded by iconv-lite alone, as before
 */
export function hasNativeGb18030(): boolean {
  if (nativeSupported === undefined) {
    try {
      new TextDecoder('gb18030', { fatal: true });
      nativeSupported = true;
    } catch {
      nativeSupported = false;
    }
  }
  return nativeSupported;
}

/** The same interface as iconv-lite's decoder: write pieces, then end. */
export class Gb18030Decoder {
  private readonly native = new TextDecoder('gb18030', { fatal: true });
  /**
   * the bytes after the last boundary (a line's start, usually) and then the next piece's, in one
   * buffer reused piece after piece: a buffer made per piece (32 KiB, outside V8's heap) cost the
   * collector more than the native decoder saved
   */
  private buf = Buffer.allocUnsafe(64 * 1024);
  private held = 0;
  /** iconv-lite's streaming decoder, once a run of bytes had no boundary for too long */
  private stream: ReturnType<typeof iconv.getDecoder> | undefined;

  write(bytes: Buffer): string {
    if (this.stream) return this.stream.write(bytes);
    let cut = bytes.length;
    while (cut > 0 && bytes[cut - 1]! >= BOUNDARY) cut--;
    if (cut === 0) {
      this.hold(bytes);
      if (this.held <= MAX_HELD) return '';
      // no boundary in a megabyte: decode on as iconv-lite does, from the last boundary
      this.stream = iconv.getDecoder('gb18030');
      const text = this.stream.write(this.buf.subarray(0, this.held));
      this.held = 0;
      return text;
    }
    let text: string;
    if (this.held) {
      this.hold(bytes.subarray(0, cut));
      text = decodePiece(this.native, this.buf.subarray(0, this.held));
    } else text = decodePiece(this.native, bytes.subarray(0, cut));
    this.held = 0;
    this.hold(bytes.subarray(cut));
    return text;
  }

  end(): string {
    if (this.stream) return this.stream.end() ?? '';
    const n = this.held;
    this.held = 0;
    return n ? decodePiece(this.native, this.buf.subarray(0, n)) : '';
  }

  /** appends bytes to those held */
  private hold(bytes: Uint8Array): void {
    if (!bytes.length) return;
    if (this.held + bytes.length > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.held + bytes.length));
      this.buf.copy(grown, 0, 0, this.held);
      this.buf = grown;
    }
    this.buf.set(bytes, this.held);
    this.held += bytes.length;
  }
}

/** bytes that end at a boundary (or the input's end), as iconv-lite decodes them */
function decodePiece(native: TextDecoder, piece: Buffer): string {
  try {
    const text = native.decode(piece);
    if (!MOVED.test(text)) return text;
  } catch {
    // not valid GB18030 somewhere: iconv-lite's replacement characters, as before
  }
  return iconv.decode(piece, 'gb18030');
}
