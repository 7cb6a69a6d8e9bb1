// A streaming ZIP writer (deflate, data descriptors, UTF-8 names) for XLSX files written row by
// row: exceljs builds an object per cell, which for 300,000-row sheets costs several times the
// writing itself. No ZIP64: an entry or the file must stay under 4 GiB.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createDeflateRaw, crc32, type ZlibOptions } from 'node:zlib';
import { YimenError } from '../../errors.js';

interface Entry {
  name: Buffer;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
}

// 1980-01-01 00:00 in DOS time: files carry no date, so the same content makes the same bytes
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export class ZipWriter {
  private out: WriteStream;
  private offset = 0;
  private entries: Entry[] = [];

  constructor(file: string) {
    // deep buffers on both streams: rows are built while deflate and the file write run on the
    // thread pool, instead of waiting for each chunk to drain
    this.out = createWriteStream(file, { highWaterMark: 4 << 20 });
  }

  private async write(b: Buffer): Promise<void> {
    this.offset += b.length;
    if (!this.out.write(b)) await once(this.out, 'drain');
  }

  /** one file of the archive, its text given in pieces (a Buffer is UTF-8 text the caller no longer touches) */
  async entry(name: string, body: Iterable<string | Buffer> | AsyncIterable<string | Buffer>): Promise<void> {
    const e: Entry = { name: Buffer.from(name, 'utf8'), crc: 0, csize: 0, usize: 0, offset: this.offset };
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 name
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(DOS_TIME, 10);
    h.writeUInt16LE(DOS_DATE, 12);
    h.writeUInt16LE(e.name.length, 26);
    await this.write(Buffer.concat([h, e.name]));
    const deflate = createDeflateRaw({ level: 1, chunkSize: 64 << 10, writableHighWaterMark: 4 << 20 } as ZlibOptions);
    const pending: Buffer[] = [];
    deflate.on('data', (d: Buffer) => pending.push(d));
    const flush = async () => {
      while (pending.length) {
        const d = pending.shift()!;
        e.csize += d.length;
        await this.write(d);
      }
    };
    for await (const s of body) {
      const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
      e.crc = crc32(b, e.crc);
      e.usize += b.length;
      if (!deflate.write(b)) await once(deflate, 'drain');
      await flush();
    }
    const ended = once(deflate, 'end');
    deflate.end();
    await ended;
    await flush();
    if (this.offset > 0xfffffff0 || e.usize > 0xfffffff0)
      throw new YimenError('E_EXPORT_XLSX_SIZE', `${name} is larger than 4 GiB`, { hint: 'export fewer apps at a time (--app)' });
    const dd = Buffer.alloc(16);
    dd.writeUInt32LE(0x08074b50, 0);
    dd.writeUInt32LE(e.crc >>> 0, 4);
    dd.writeUInt32LE(e.csize, 8);
    dd.writeUInt32LE(e.usize, 12);
    await this.write(dd);
    this.entries.push(e);
  }

  async close(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0808, 8);
      c.writeUInt16LE(8, 10);
      c.writeUInt16LE(DOS_TIME, 12);
      c.writeUInt16LE(DOS_DATE, 14);
      c.writeUInt32LE(e.crc >>> 0, 16);
      c.writeUInt32LE(e.csize, 20);
      c.writeUInt32LE(e.usize, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([c, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    this.out.end();
    await once(this.out, 'finish');
  }
}
